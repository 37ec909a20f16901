using Vigil.Daemon.Configuration;
using Vigil.Daemon.ControlApi;

namespace Vigil.Specs.Unit.Daemon;

/// <summary>The control API's settings in the node configuration, and its credentials file.</summary>
public sealed class ControlApiConfigSpecs
{
    private static string Config(string clusterExtra, string api1 = "127.0.0.1:7480") => $"""
        [cluster]
        name = prod
        key-file = cluster.key
        certificate = cluster.pfx
        config-version = 1
        paths = udp
        {clusterExtra}
        [node a]
        udp = 10.0.1.1:7400
        raft = 10.0.2.1:7402
        api = {api1}
        [node b]
        udp = 10.0.1.2:7400
        raft = 10.0.2.2:7402
        [node c]
        udp = 10.0.1.3:7400
        raft = 10.0.2.3:7402
        [local]
        node = a
        data-dir = /var/lib/vigil
        """;

    private static NodeConfig Parse(string text) => NodeConfig.From(ConfigFile.Parse("/etc/vigil/vigild.conf", text));

    [Fact]
    public void From_ApiAndCredentials_ReadsTheAddressTheFileAndTlsOnByDefault()
    {
        var config = Parse(Config("credentials = users"));

        Assert.Equal("127.0.0.1:7480", config.Local.Api!.ToString());
        Assert.Null(config.Nodes[1].Api);
        Assert.Equal("/etc/vigil/users", config.CredentialsFile);
        Assert.True(config.ApiTls);
    }

    [Fact]
    public void From_ApiWithoutCredentials_IsRefusedNamingTheField()
    {
        var e = Assert.Throws<ConfigException>(() => Parse(Config(string.Empty)));

        Assert.Contains(":1: cluster.credentials: required when a node has an 'api' address", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_PlainHttpOnANonLoopbackAddress_IsRefused()
    {
        var e = Assert.Throws<ConfigException>(() => Parse(Config("credentials = users\napi-tls = off", api1: "10.0.0.1:7480")));

        Assert.Contains("api-tls", e.Message, StringComparison.Ordinal);
        Assert.Contains("loopback", e.Message, StringComparison.Ordinal);
        Assert.False(Parse(Config("credentials = users\napi-tls = off")).ApiTls);
    }

    [Fact]
    public void CredentialStore_WrittenHashes_VerifyTheRightPasswordOnly()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("vigil-cred-").FullName, "credentials");
        CredentialStore.Write(path, [new ApiUser("ops", ApiRole.Operator, PasswordHash.Create("correct horse battery", iterations: 100_000))]);

        var store = CredentialStore.Load(path);

        Assert.Equal(ApiRole.Operator, store.Verify("ops", "correct horse battery")?.Role);
        Assert.Equal(ApiRole.Operator, store.Verify("ops", "correct horse battery")?.Role); // remembered, same answer
        Assert.Null(store.Verify("ops", "correct horse battery!"));
        Assert.Null(store.Verify("nobody", "correct horse battery"));
        Assert.DoesNotContain("correct horse", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
    }

    [Fact]
    public void CredentialStore_APlaintextPassword_IsRefusedWithoutEchoingIt()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("vigil-cred-").FullName, "credentials");
        File.WriteAllText(path, "# users\nadmin admin hunter2-in-clear\n");

        var e = Assert.Throws<ConfigException>(() => CredentialStore.Load(path));

        Assert.Contains(":2: admin.hash", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
    }
}
