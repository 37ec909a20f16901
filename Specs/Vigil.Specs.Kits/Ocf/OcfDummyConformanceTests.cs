using Vigil.Kits.Ocf;
using Vigil.Plugins.Testing;

namespace Vigil.Specs.Kits.Ocf;

/// <summary>The OCF bridge passes the conformance suite with ocf:heartbeat:Dummy (and Delay to hang).</summary>
public sealed class OcfDummyConformanceTests : KitConformanceTests, IDisposable
{
    private readonly string _rscTmp = Directory.CreateTempSubdirectory("vigil-ocf-").FullName;

    protected override ResourceType CreateResourceType() => new OcfResourceType();

    protected override IReadOnlyDictionary<string, string> CreateParameters(string tag) =>
        new Dictionary<string, string> { ["agent"] = "heartbeat:Dummy", ["rscTmp"] = _rscTmp };

    protected override IReadOnlyDictionary<string, string> CreateHangingParameters(string tag) =>
        new Dictionary<string, string> { ["agent"] = "ocf:heartbeat:Delay", ["rscTmp"] = _rscTmp, ["startdelay"] = "600", ["stopdelay"] = "0", ["mondelay"] = "0" };

    protected override IReadOnlyDictionary<string, string> CreateInvalidParameters(string tag) =>
        new Dictionary<string, string> { ["agent"] = "heartbeat:NoSuchAgent", ["rscTmp"] = _rscTmp };

    public void Dispose() => Directory.Delete(_rscTmp, recursive: true);
}
