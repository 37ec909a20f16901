using Vigil.Kits.Dns;
using Vigil.Specs.Kits.Support;

namespace Vigil.Specs.Kits.Dns;

/// <summary>The dns schema as the kit host lists it: a change shows in review.</summary>
public sealed class DnsDefinitionSnapshotSpecs
{
    [Fact]
    public void Definition_Dns_MatchesSnapshot() => Snap.MatchJson(new DnsResourceType().Definition);
}
