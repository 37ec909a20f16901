using Vigil.Kits.Ip;
using Vigil.Specs.Kits.Support;

namespace Vigil.Specs.Kits.Ip;

/// <summary>The ip type's schema as the kit host lists it: a change shows in review.</summary>
public sealed class IpDefinitionSnapshotSpecs
{
    [Fact]
    public void Definition_Ip_MatchesSnapshot() => Snap.MatchJson(new IpResourceType().Definition);
}
