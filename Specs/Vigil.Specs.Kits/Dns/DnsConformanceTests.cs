using Vigil.Kits.Dns;
using Vigil.Plugins.Testing;

namespace Vigil.Specs.Kits.Dns;

/// <summary>
/// The dns kit passes the conformance suite against a real BIND: one record per test (named after its tag), this
/// machine's name as the node; the hanging restore sends its update to a port that accepts and never answers.
/// </summary>
public sealed class DnsConformanceTests(BindServer bind) : KitConformanceTests, IClassFixture<BindServer>, IDisposable
{
    private readonly string _stateDir = Directory.CreateTempSubdirectory("vigil-dns-conf-").FullName;

    protected override ResourceType CreateResourceType() => new DnsResourceType();

    protected override IReadOnlyDictionary<string, string> CreateParameters(string tag) => new Dictionary<string, string>
    {
        ["zone"] = BindServer.Zone,
        ["name"] = $"{tag}.{BindServer.Zone}",
        ["addresses"] = $"{Environment.MachineName}=192.0.2.77",
        ["server"] = bind.Server,
        ["keyName"] = BindServer.KeyName,
        ["secretFile"] = bind.SecretFile,
        ["stateDir"] = _stateDir,
    };

    protected override IReadOnlyDictionary<string, string> CreateHangingParameters(string tag) =>
        new Dictionary<string, string>(CreateParameters(tag)) { ["server"] = $"127.0.0.1:{bind.SilentPort}" };

    protected override IReadOnlyDictionary<string, string> CreateInvalidParameters(string tag) =>
        new Dictionary<string, string>(CreateParameters(tag)) { ["name"] = "app.elsewhere.test" };

    public void Dispose() => Directory.Delete(_stateDir, recursive: true);
}
