using Vigil.Kits.Mirror;
using Vigil.Plugins.Testing;

namespace Vigil.Specs.Kits.Mirror;

/// <summary>
/// The mirror kit passes the conformance suite against real vigil-repd processes: each sample is a 1 MiB sync mirror
/// of this machine's node (primary) and a peer, made in step before the suite acts. The hanging restore is a copy
/// whose primary is the peer and stays connected: the driver refuses the promotion, and the kit keeps asking for as
/// long as a crashed primary's link could linger (15 s), far past the suite's short timeout.
/// </summary>
[Collection(MirrorKitCollection.Name)]
public sealed class MirrorConformanceTests(RepdPair repd) : KitConformanceTests
{
    protected override ResourceType CreateResourceType() => new MirrorResourceType();

    protected override IReadOnlyDictionary<string, string> CreateParameters(string tag) => Mirror(tag, RepdPair.Local);

    protected override IReadOnlyDictionary<string, string> CreateHangingParameters(string tag) => Mirror(tag, RepdPair.Peer);

    protected override IReadOnlyDictionary<string, string> CreateInvalidParameters(string tag) =>
        new Dictionary<string, string> { ["mirror"] = tag, ["nodes"] = "elsewhere1,elsewhere2", ["sizeMiB"] = "1", ["volume"] = repd.VolumePattern(tag) };

    private Dictionary<string, string> Mirror(string tag, string primary)
    {
        repd.CreateAsync(tag, primary).GetAwaiter().GetResult(); // the suite's hooks are synchronous
        return new Dictionary<string, string>
        {
            ["mirror"] = tag,
            ["nodes"] = primary == RepdPair.Local ? $"{RepdPair.Local},{RepdPair.Peer}" : $"{RepdPair.Peer},{RepdPair.Local}",
            ["sizeMiB"] = "1",
            ["volume"] = repd.VolumePattern(tag),
        };
    }
}
