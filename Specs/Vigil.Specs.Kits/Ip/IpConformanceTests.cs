using Vigil.Kits.Ip;
using Vigil.Plugins.Testing;

namespace Vigil.Specs.Kits.Ip;

/// <summary>
/// The ip kit passes the conformance suite for real: in-process, as the suite runs every kit, with each
/// command prefixed by <c>ip netns exec</c> so addresses come and go in a namespace made for the test.
/// </summary>
public sealed class IpConformanceTests : KitConformanceTests, IDisposable
{
    private readonly IpLab _lab = new();

    protected override ResourceType CreateResourceType() => new IpResourceType(new IpCommands(_lab.OnNode));

    protected override IReadOnlyDictionary<string, string> CreateParameters(string tag) => IpLab.Parameters();

    // Nobody answers the probe, and detection waits 30 s for an answer: far past the suite's 1 s timeout.
    protected override IReadOnlyDictionary<string, string> CreateHangingParameters(string tag) => IpLab.Parameters(("dadTimeout", "30"));

    protected override IReadOnlyDictionary<string, string> CreateInvalidParameters(string tag) =>
        IpLab.Parameters(("address", "10.213.9.50"), ("backupInterfaces", "pub1;reboot"));

    public void Dispose() => _lab.Dispose();
}
