using Vigil.Daemon.Configuration;

namespace Vigil.Specs.Unit.Daemon;

/// <summary><c>[local] mirror-nbd-*</c>: what vigild passes to vigil-repd for the NBD export, and the refusals naming line and field.</summary>
public sealed class MirrorNbdConfigSpecs
{
    private const string Config = """
        [cluster]
        name = prod
        key-file = cluster.key
        certificate = cluster.pfx
        config-version = 3
        paths = udp, tcp
        mirror-port = 7789
        mirror-secret = mirror.secret
        quorum = none
        [node a]
        udp = 10.0.1.1:7400
        tcp = 10.0.2.1:7401
        raft = 10.0.2.1:7402
        [node b]
        udp = 10.0.1.2:7400
        tcp = 10.0.2.2:7401
        raft = 10.0.2.2:7402
        [local]
        node = a
        data-dir = /var/lib/vigil
        """;

    private static NodeConfig Parse(string local) => NodeConfig.From(ConfigFile.Parse("/etc/vigil/vigild.conf", Config + "\n" + local));

    [Fact]
    public void From_NoNbdSettings_NoExtraRepdOptions()
    {
        Assert.Empty(Parse(string.Empty).Mirror!.NbdArgs);
    }

    [Fact]
    public void From_TlsRequiredOnAWildcardAddress_PassesTheOptionsWithAbsolutePaths()
    {
        var mirror = Parse("mirror-nbd-address = 0.0.0.0\nmirror-nbd-tls = require\nmirror-nbd-tls-cert = nbd/server-cert.pem\n" +
            "mirror-nbd-tls-key = nbd/server-key.pem\nmirror-nbd-tls-ca = nbd/ca-cert.pem").Mirror!;

        Assert.Equal(
            ["--nbd-address", "0.0.0.0", "--nbd-tls", "require", "--nbd-tls-cert", "/etc/vigil/nbd/server-cert.pem",
             "--nbd-tls-key", "/etc/vigil/nbd/server-key.pem", "--nbd-tls-ca", "/etc/vigil/nbd/ca-cert.pem"],
            mirror.NbdArgs);
    }

    [Fact]
    public void From_NonLoopbackAddressWithoutTls_RefusedNamingLineAndField()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("mirror-nbd-address = 10.0.2.1"));

        Assert.Equal("local.mirror-nbd-address", e.Field);
        Assert.Equal(21, e.Line);
        Assert.Contains("10.0.2.1 is not a loopback address", e.Message, StringComparison.Ordinal);
        Assert.Contains("mirror-nbd-tls = require", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_TlsRequiredWithoutKey_RefusedNamingTheMissingField()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("mirror-nbd-tls = require\nmirror-nbd-tls-cert = c.pem"));

        Assert.Equal("local.mirror-nbd-tls-key", e.Field);
    }

    [Fact]
    public void From_UnknownTlsMode_RefusedNamingTheValue()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("mirror-nbd-tls = yes"));

        Assert.Contains("'yes' is not off or require", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_IoRealtimePriority_PassedToRepd()
    {
        Assert.Equal(["--io-realtime-priority", "0"], Parse("mirror-io-realtime-priority = 0").Mirror!.NbdArgs);
    }

    [Fact]
    public void From_IoRealtimePriorityOutOfRange_RefusedNamingLineFieldAndRange()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("mirror-io-realtime-priority = 100"));

        Assert.Equal("local.mirror-io-realtime-priority", e.Field);
        Assert.Equal(21, e.Line);
        Assert.Contains("100", e.Message, StringComparison.Ordinal);
        Assert.Contains("99", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_LinkTimeout_PassedToRepd()
    {
        Assert.Equal(["--link-timeout-ms", "60000"], Parse("mirror-link-timeout-ms = 60000").Mirror!.NbdArgs);
    }

    [Fact]
    public void From_LinkTimeoutBelowTwoPings_RefusedNamingFieldAndRange()
    {
        var e = Assert.Throws<ConfigException>(() => Parse("mirror-link-timeout-ms = 1000"));

        Assert.Equal("local.mirror-link-timeout-ms", e.Field);
        Assert.Contains("1000", e.Message, StringComparison.Ordinal);
        Assert.Contains("2000", e.Message, StringComparison.Ordinal);
    }
}
