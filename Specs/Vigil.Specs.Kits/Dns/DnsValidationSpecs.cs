using Vigil.Kits.Dns;
using Vigil.Specs.Kits.Support;

namespace Vigil.Specs.Kits.Dns;

/// <summary>validate and canExtend name the parameter and the value that is wrong (no server needed).</summary>
public sealed class DnsValidationSpecs : IDisposable
{
    private readonly string _secretFile = Path.Combine(Directory.CreateTempSubdirectory("vigil-dns-val-").FullName, "key");

    public DnsValidationSpecs() => File.WriteAllText(_secretFile, "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LXNlY3I=\n");

    private Dictionary<string, string> Valid() => new()
    {
        ["zone"] = "vigil.test",
        ["name"] = "app.vigil.test",
        ["addresses"] = "node1=192.0.2.10,node2=198.51.100.20",
        ["server"] = "127.0.0.1:5353",
        ["keyName"] = "vigil-key",
        ["secretFile"] = _secretFile,
    };

    [Theory]
    [InlineData("name", "app.other.test", "parameter 'name': 'app.other.test' is not inside zone 'vigil.test.'")]
    [InlineData("addresses", "node1=2001:db8::1", "parameter 'addresses': '2001:db8::1' (node 'node1') is not an IPv4 address, as type A needs")]
    [InlineData("addresses", "node1", "parameter 'addresses': entry 'node1' is not node=address")]
    [InlineData("addresses", "node2=198.51.100.20", "parameter 'addresses' has no entry for node 'node1' (it names node2); add node1=ADDRESS")]
    [InlineData("server", "127.0.0.1:99999", "parameter 'server': '127.0.0.1:99999' is not host, host:port or [IPv6]:port")]
    [InlineData("type", "MX", "parameter 'type': 'MX' is not one of A, AAAA")]
    [InlineData("interface", "eth0", "give exactly one of parameters 'addresses' (node=address,...) and 'interface' (both are set")]
    [InlineData("secretFile", "/nonexistent/key", "parameter 'secretFile': cannot read '/nonexistent/key'")]
    public async Task Validate_BadValue_IsAConfigurationErrorNamingFieldAndValue(string field, string value, string expected)
    {
        var parameters = Valid();
        parameters[field] = value;

        var result = await Contexts.RunAsync(new DnsResourceType(), KitAction.Validate, "app", parameters);

        Assert.True(result.ConfigurationError, result.ExitReason);
        Assert.Contains(expected, result.ExitReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_SecretFileWithoutBase64_NamesTheFileButNotItsContent()
    {
        File.WriteAllText(_secretFile, "not base64 at all!");

        var result = await Contexts.RunAsync(new DnsResourceType(), KitAction.CanExtend, "app", Valid());

        Assert.True(result.ConfigurationError);
        Assert.Contains($"secret file '{_secretFile}' holds no base64 TSIG secret", result.ExitReason, StringComparison.Ordinal);
        Assert.DoesNotContain("not base64 at all", result.ExitReason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ns.example.com", "ns.example.com", 53)]
    [InlineData("192.0.2.53:5353", "192.0.2.53", 5353)]
    [InlineData("[2001:db8::53]:5353", "2001:db8::53", 5353)]
    [InlineData("2001:db8::53", "2001:db8::53", 53)]
    public void DnsServerAddress_Forms_Parse(string text, string host, int port)
    {
        Assert.True(DnsServerAddress.TryParse(text, out var server));
        Assert.Equal(new DnsServerAddress(host, port), server);
    }

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_secretFile)!, recursive: true);
}
