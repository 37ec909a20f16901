using Vigil.Kits.FileSystem;
using Vigil.Specs.Kits.Support;

namespace Vigil.Specs.Kits.FileSystem;

/// <summary>The filesystem schema as the kit host lists it: a change shows in review.</summary>
public sealed class FileSystemDefinitionSnapshotSpecs
{
    [Fact]
    public void Definition_FileSystem_MatchesSnapshot() => Snap.MatchJson(new FileSystemResourceType().Definition);
}
