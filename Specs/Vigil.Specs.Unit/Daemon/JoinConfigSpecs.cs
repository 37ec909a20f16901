using Vigil.Daemon.Configuration;

namespace Vigil.Specs.Unit.Daemon;

/// <summary><c>[local] join</c> and <c>[node] id</c>: a joining node's file describes only itself, with the heartbeat id the cluster will know it by.</summary>
public sealed class JoinConfigSpecs
{
    private const string Joining = """
        [cluster]
        name = prod
        key-file = cluster.key
        certificate = cluster.pfx
        config-version = 1
        paths = udp, tcp
        [node d]
        id = 3
        udp = 10.0.1.4:7400
        tcp = 10.0.2.4:7401
        raft = 10.0.2.4:7402
        [local]
        node = d
        data-dir = /var/lib/vigil
        join = 10.0.0.1:7480
        """;

    private static NodeConfig Parse(string text) => NodeConfig.From(ConfigFile.Parse("/etc/vigil/vigild.conf", text));

    [Fact]
    public void From_JoiningNode_KeepsTheMemberToJoinAndItsOwnHeartbeatId()
    {
        var config = Parse(Joining);

        Assert.Equal("10.0.0.1:7480", config.Join?.ToString());
        Assert.Equal(3, config.Local.Id);
        Assert.Single(config.Nodes);
    }

    [Fact]
    public void From_NoJoinNoId_AnOrdinaryMemberNumberedByPosition()
    {
        var config = Parse(Joining.Replace("join = 10.0.0.1:7480", string.Empty, StringComparison.Ordinal).Replace("id = 3\n", string.Empty, StringComparison.Ordinal));

        Assert.Null(config.Join);
        Assert.Equal(0, config.Local.Id);
    }

    [Fact]
    public void From_JoinNotAnEndpoint_RefusedNamingLineFieldAndValue()
    {
        var ex = Assert.Throws<ConfigException>(() => Parse(Joining.Replace("join = 10.0.0.1:7480", "join = node1", StringComparison.Ordinal)));
        Assert.Contains("local.join", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'node1'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_IdOutOfRange_Refused()
    {
        var ex = Assert.Throws<ConfigException>(() => Parse(Joining.Replace("id = 3", "id = 70000", StringComparison.Ordinal)));
        Assert.Contains("id", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'70000'", ex.Message, StringComparison.Ordinal);
    }
}
