using Vigil.Daemon.Configuration;

namespace Vigil.Specs.Unit.Daemon;

public sealed class DetectionConfigSpecs
{
    private const string Valid = """
        [cluster]
        name = prod
        key-file = cluster.key
        certificate = cluster.pfx
        config-version = 3
        paths = udp
        heartbeat = fast
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

    private static string With(string settings) => Valid.Replace("heartbeat = fast", "heartbeat = fast\n" + settings, StringComparison.Ordinal);

    [Fact]
    public void From_NoDetectionSettings_UsesTheProfilesHysteresisAndTheDefaultStall()
    {
        var config = Parse(Valid);

        Assert.Equal(10, config.Heartbeat.AliveAfter);
        Assert.Equal(TimeSpan.FromSeconds(2), config.Heartbeat.Grace);
        Assert.Equal(NodeConfig.DefaultOwnerStall, config.OwnerStall);
    }

    [Fact]
    public void From_DetectionSettings_OverrideTheProfileAndReachTheQuorumSettings()
    {
        var config = Parse(With("heartbeat-alive-after = 4\nheartbeat-grace-ms = 750\nvigild-stall-ms = 3000"));

        Assert.Equal((4, TimeSpan.FromMilliseconds(750)), (config.Heartbeat.AliveAfter, config.Heartbeat.Grace));
        Assert.Equal(TimeSpan.FromSeconds(3), config.OwnerStall);
        Assert.Equal(config.Heartbeat, config.Quorum.Heartbeat);
    }

    [Fact]
    public void From_StallBelowTwoDeadlines_NamesLineFieldAndLimit()
    {
        var e = Assert.Throws<ConfigException>(() => Parse(With("vigild-stall-ms = 150")));

        Assert.Equal("/etc/vigil/vigild.conf:8: cluster.vigild-stall-ms: '150' is not a whole number from 200 to 600000", e.Message);
    }

    [Fact]
    public void From_ZeroAliveAfter_IsRefused()
    {
        var e = Assert.Throws<ConfigException>(() => Parse(With("heartbeat-alive-after = 0")));

        Assert.Contains("cluster.heartbeat-alive-after", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_RealtimePriority_DefaultsToTenAndAcceptsZero()
    {
        Assert.Equal(10, Parse(With("heartbeat-alive-after = 3")).HeartbeatRealtimePriority);
        Assert.Equal(0, Parse(With("heartbeat-realtime-priority = 0")).HeartbeatRealtimePriority);
    }

    [Fact]
    public void From_RealtimePriorityOutOfRange_NamesLineFieldAndRange()
    {
        var e = Assert.Throws<ConfigException>(() => Parse(With("heartbeat-realtime-priority = 120")));

        Assert.Equal("/etc/vigil/vigild.conf:8: cluster.heartbeat-realtime-priority: '120' is not a whole number from 0 to 99", e.Message);
    }
}
