using Vigil.Daemon.Configuration;
using Vigil.Daemon.Quorum;

namespace Vigil.Specs.Unit.Daemon;

/// <summary><c>[cluster] quorum</c>, <c>quorum-loss</c> and <c>lease-ms</c>: defaults, the lease arithmetic, and errors naming line and field.</summary>
public sealed class QuorumConfigSpecs
{
    private const string Three = """
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
        [node c]
        udp = 10.0.1.3:7400
        tcp = 10.0.2.3:7401
        raft = 10.0.2.3:7402
        [local]
        node = a
        data-dir = /var/lib/vigil
        """;

    private static string TwoNodes => Three[..Three.IndexOf("[node c]", StringComparison.Ordinal)] + "[local]\nnode = a\ndata-dir = /var/lib/vigil\n";

    private static string With(string config, string settings) => config.Replace("paths = udp, tcp", "paths = udp, tcp\n" + settings, StringComparison.Ordinal);

    private static NodeConfig Parse(string text) => NodeConfig.From(ConfigFile.Parse("/etc/vigil/vigild.conf", text));

    private static ConfigException Refused(string text) => Assert.Throws<ConfigException>(() => Parse(text));

    [Fact]
    public void From_NoQuorumSettings_MajorityOsuAndALeaseThatOutlastsTheDeadline()
    {
        var q = Parse(Three).Quorum;

        Assert.Equal(QuorumMode.Majority, q.Mode);
        Assert.Equal(QuorumLossAction.Osu, q.LossAction);
        // Deadline 500 ms + 1 s to stop; the leader waits the lease plus two intervals of margin; the node learns of
        // the loss up to two 25 ms ticks after the deadline.
        Assert.Equal(TimeSpan.FromMilliseconds(1500), q.Lease);
        Assert.Equal(TimeSpan.FromMilliseconds(1700), q.TakeoverAfter);
        Assert.Equal(TimeSpan.FromMilliseconds(950), q.ActionBudget);
    }

    [Fact]
    public void From_FastProfile_LeaseFollowsItsDeadline()
    {
        var q = Parse(With(Three, "heartbeat = fast")).Quorum;

        Assert.Equal(TimeSpan.FromMilliseconds(1100), q.Lease);
        Assert.Equal(TimeSpan.FromMilliseconds(1140), q.TakeoverAfter);
    }

    [Theory]
    [InlineData("freeze")]
    [InlineData("fastkill")]
    [InlineData("osu")]
    public void From_QuorumLoss_ReadsTheAction(string action) =>
        Assert.Equal(action, Parse(With(Three, "quorum-loss = " + action)).Quorum.LossAction.ToString().ToLowerInvariant());

    [Fact]
    public void From_LeaseMs_IsTheLeaseAndMovesTheTakeover()
    {
        var q = Parse(With(Three, "lease-ms = 2000")).Quorum;

        Assert.Equal(TimeSpan.FromSeconds(2), q.Lease);
        Assert.Equal(TimeSpan.FromMilliseconds(2200), q.TakeoverAfter);
    }

    [Fact]
    public void From_LeaseNotLongerThanTheDeadline_RefusedWithTheLeastAllowed()
    {
        var e = Refused(With(Three, "lease-ms = 500"));

        Assert.Equal(7, e.Line);
        Assert.Contains("cluster.lease-ms: 500 ms is too short", e.Message, StringComparison.Ordinal);
        Assert.Contains("so at least 650 ms", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("quorum = most", "cluster.quorum: 'most' is not a quorum mode (majority or none)")]
    [InlineData("quorum = witness", "a witness is a node ('role = witness'")]
    [InlineData("quorum-loss = reboot", "cluster.quorum-loss: 'reboot' is not a quorum-loss action (osu, freeze or fastkill)")]
    [InlineData("lease-ms = soon", "cluster.lease-ms: 'soon' is not a whole number")]
    public void From_BadQuorumSetting_NamesTheFieldAndValue(string setting, string expected)
    {
        var e = Refused(With(Three, setting));

        Assert.Equal(7, e.Line);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_TwoNodesWithoutWitness_RefusedNamingBothWaysOut()
    {
        var e = Refused(TwoNodes);

        Assert.Contains("role = witness", e.Message, StringComparison.Ordinal);
        Assert.Contains("'quorum = none'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_TwoNodesWithQuorumNone_AcceptedWithoutALease()
    {
        var config = Parse(With(TwoNodes, "quorum = none"));

        Assert.Equal(2, config.Nodes.Count);
        Assert.Equal(QuorumMode.None, config.Quorum.Mode);
        // No lease to wait for: the leader proposes on the detector's verdict alone.
        Assert.Equal(config.Heartbeat.Deadline, config.Quorum.TakeoverAfter);
    }
}
