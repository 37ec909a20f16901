using Vigil.Kits.GenApp;
using Vigil.Kits.Ocf;
using Vigil.Specs.Kits.Support;

namespace Vigil.Specs.Kits.Sdk;

/// <summary>Kit meta-data as the kit host lists it: a change in a schema shows in review.</summary>
public sealed class KitMetadataSnapshotSpecs
{
    [Fact]
    public void Definition_GenApp_MatchesSnapshot() => Snap.MatchJson(new GenAppResourceType().Definition);

    [Fact]
    public void Definition_Ocf_MatchesSnapshot() => Snap.MatchJson(new OcfResourceType().Definition);

    [Fact]
    public async Task DescribeAsync_OcfDummyAgent_MatchesSnapshot() =>
        Snap.MatchJson(await new OcfResourceType().DescribeAsync(new Dictionary<string, string> { ["agent"] = "heartbeat:Dummy" }, CancellationToken.None));
}
