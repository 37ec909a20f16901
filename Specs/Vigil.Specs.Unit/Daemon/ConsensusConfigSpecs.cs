using Vigil.Daemon.Configuration;

namespace Vigil.Specs.Unit.Daemon;

public sealed class ConsensusConfigSpecs
{
    private const string Valid = """
        [cluster]
        name = prod
        key-file = cluster.key
        certificate = cluster.pfx
        config-version = 3
        paths = udp
        heartbeat = default
        [node a]
        udp = 10.0.1.1:7400
        raft = 10.0.2.1:7402
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

    private static string With(string settings) => Valid.Replace("heartbeat = default", "heartbeat = default\n" + settings, StringComparison.Ordinal);

    [Fact]
    public void From_DefaultProfile_KeepsTheMeasuredRaftTimingsAndAvoidsResources()
    {
        var config = Parse(Valid);

        Assert.Equal(
            new ConsensusTimings(TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(700), TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(200)),
            config.ConsensusTimings);
        Assert.True(config.LeaderAvoidsResources);
        Assert.Equal(TimeSpan.FromMilliseconds(2700), config.ConsensusTimings.LeaderlessGrace); // outlasts an election after a resignation
    }

    [Fact]
    public void From_SlowProfile_ElectionTimeoutFollowsTheDeadline()
    {
        var config = Parse(With("heartbeat-interval-ms = 200"));

        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(1400)), (config.ConsensusTimings.Lower, config.ConsensusTimings.Upper));
    }

    [Fact]
    public void From_ElectionTimeoutSet_ScalesSpreadAndRequestsBelowIt()
    {
        var timings = Parse(With("election-timeout-ms = 250")).ConsensusTimings;

        Assert.Equal(
            new ConsensusTimings(TimeSpan.FromMilliseconds(250), TimeSpan.FromMilliseconds(350), TimeSpan.FromMilliseconds(150), TimeSpan.FromMilliseconds(100)),
            timings);
        Assert.True(timings.Request < timings.Lower); // a vote to a dead peer gives up before the candidate's timer fires
    }

    [Fact]
    public void From_ElectionTimeoutTooShort_NamesLineFieldAndLimit()
    {
        var e = Assert.Throws<ConfigException>(() => Parse(With("election-timeout-ms = 50")));

        Assert.Equal("/etc/vigil/vigild.conf:8: cluster.election-timeout-ms: '50' is not a whole number from 100 to 60000", e.Message);
    }

    [Fact]
    public void From_LeaderPlacementAny_LetsRaftAloneDecide()
    {
        Assert.False(Parse(With("leader-placement = any")).LeaderAvoidsResources);
    }

    [Fact]
    public void From_LeaderPlacementFewestResources_KeepsTheLeadershipOffNodesThatRunResources()
    {
        Assert.True(Parse(With("leader-placement = fewest-resources")).LeaderAvoidsResources);
    }

    [Fact]
    public void From_UnknownLeaderPlacement_NamesLineFieldAndChoices()
    {
        var e = Assert.Throws<ConfigException>(() => Parse(With("leader-placement = witness")));

        Assert.Equal("/etc/vigil/vigild.conf:8: cluster.leader-placement: 'witness' is not a leader placement (fewest-resources or any)", e.Message);
    }
}
