using Vigil.Daemon.Configuration;

namespace Vigil.Specs.Unit.Daemon;

public sealed class NodeConfigSpecs
{
    private const string Valid = """
        [cluster]
        name = prod
        key-file = cluster.key
        certificate = cluster.pfx
        config-version = 3
        paths = udp, tcp
        [node a]
        udp = 10.0.1.1:7400
        tcp = 10.0.2.1:7401
        raft = 10.0.2.1:7402
        [node b]
        udp = 10.0.1.2:7400
        tcp = 10.0.2.2:7401
        raft = 10.0.2.2:7402
        [node w]
        udp = 10.0.1.3:7400
        tcp = 10.0.2.3:7401
        raft = 10.0.2.3:7402
        role = witness
        [local]
        node = a
        data-dir = /var/lib/vigil
        """;

    private static NodeConfig Parse(string text) => NodeConfig.From(ConfigFile.Parse("/etc/vigil/vigild.conf", text));

    private static ConfigException Refused(string text) => Assert.Throws<ConfigException>(() => Parse(text));

    [Fact]
    public void From_ValidFile_ReadsNodesInOrderWithIdsAndTheDefaultProfile()
    {
        var config = Parse(Valid);

        Assert.Equal(["a", "b", "w"], config.Nodes.Select(n => n.Name));
        Assert.Equal((ushort)1, config.Nodes[1].Id);
        Assert.True(config.Nodes[2].Witness);
        Assert.Equal(3, config.ConfigVersion);
        Assert.Equal(TimeSpan.FromMilliseconds(500), config.Heartbeat.Deadline);
        Assert.Equal("/etc/vigil/cluster.key", config.KeyFile);
    }

    [Fact]
    public void From_BadNumber_NamesFileLineAndField()
    {
        var e = Refused(Valid.Replace("config-version = 3", "config-version = three", StringComparison.Ordinal));

        Assert.Equal("/etc/vigil/vigild.conf:5: cluster.config-version: 'three' is not a whole number from 1 to 9223372036854775807", e.Message);
    }

    [Fact]
    public void From_UnknownSetting_IsAnErrorNotIgnored()
    {
        var e = Refused(Valid.Replace("paths = udp, tcp", "paths = udp, tcp\nheartbeat-intervall-ms = 50", StringComparison.Ordinal));

        Assert.Equal(7, e.Line);
        Assert.Contains("cluster.heartbeat-intervall-ms: unknown setting", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_TwoNodesWithoutWitness_RefusedWithTheWayOut()
    {
        var twoNodes = Valid[..Valid.IndexOf("[node w]", StringComparison.Ordinal)] + "[local]\nnode = a\ndata-dir = /var/lib/vigil\n";

        var e = Refused(twoNodes);

        Assert.Contains("a two-node cluster needs a witness", e.Message, StringComparison.Ordinal);
        Assert.Contains("role = witness", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_BadEndpointOrPathOrRole_NamesTheField()
    {
        Assert.Contains("node b.udp: '10.0.1.2' is not an address:port", Refused(Valid.Replace("10.0.1.2:7400", "10.0.1.2", StringComparison.Ordinal)).Message, StringComparison.Ordinal);
        Assert.Contains("unknown comm path 'serial'", Refused(Valid.Replace("paths = udp, tcp", "paths = udp, serial", StringComparison.Ordinal)).Message, StringComparison.Ordinal);
        Assert.Contains("node w.role: 'arbiter' is not a role", Refused(Valid.Replace("role = witness", "role = arbiter", StringComparison.Ordinal)).Message, StringComparison.Ordinal);
        Assert.Contains("local.node: 'c' is not one of the [node] sections", Refused(Valid.Replace("node = a", "node = c", StringComparison.Ordinal)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SettingTwiceOrOutsideASection_Refused()
    {
        Assert.Contains("set twice (first on line 2)", Refused(Valid.Replace("name = prod", "name = prod\nname = again", StringComparison.Ordinal)).Message, StringComparison.Ordinal);
        Assert.Contains("a setting before any [section]", Refused("name = x\n" + Valid).Message, StringComparison.Ordinal);
    }
}
