using Vigil.Daemon.Quorum;
using Vigil.Membership;

namespace Vigil.Daemon.Configuration;

/// <summary>
/// Failure detection settings beyond interval and miss count: <c>[cluster] heartbeat-alive-after</c> (beats),
/// <c>heartbeat-grace-ms</c>, and <c>vigild-stall-ms</c> (how long vigil-heartbeat beats for a vigild that does not
/// tick). See docs/operations.md, "Failure detection: hysteresis".
/// </summary>
internal sealed partial record NodeConfig
{
    private static readonly string[] DetectionClusterKeys = ["heartbeat-alive-after", "heartbeat-grace-ms", "vigild-stall-ms", "heartbeat-realtime-priority"];

    /// <summary>The default <see cref="OwnerStall"/>: longer than any collection pause seen under stress.</summary>
    public static readonly TimeSpan DefaultOwnerStall = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long vigil-heartbeat keeps beating for a vigild that has stopped ticking (a long pause, a hang): long enough
    /// to ride out collections, short enough that a hung vigild is declared dead and its resources taken over.
    /// </summary>
    public TimeSpan OwnerStall { get; init; } = DefaultOwnerStall;

    /// <summary>
    /// <c>heartbeat-realtime-priority</c>: the SCHED_RR priority of vigil-heartbeat's beat threads (1–99), or 0 for
    /// nice −11 alone. Real-time scheduling bounds how long a runnable beat waits behind busy processes.
    /// </summary>
    public int HeartbeatRealtimePriority { get; init; } = HeartbeatPlan.DefaultRealtimePriority;

    private static int ReadRealtimePriority(SectionReader reader, ConfigSection cluster) =>
        reader.Optional(cluster, "heartbeat-realtime-priority") is null
            ? HeartbeatPlan.DefaultRealtimePriority
            : (int)reader.Integer(cluster, "heartbeat-realtime-priority", 0, 99);

    private static HeartbeatProfile ReadHysteresis(SectionReader reader, ConfigSection cluster, HeartbeatProfile profile)
    {
        if (reader.Optional(cluster, "heartbeat-alive-after") is not null)
        {
            profile = profile with { AliveAfter = (int)reader.Integer(cluster, "heartbeat-alive-after", 1, 1000) };
        }

        if (reader.Optional(cluster, "heartbeat-grace-ms") is not null)
        {
            profile = profile with { Grace = TimeSpan.FromMilliseconds(reader.Integer(cluster, "heartbeat-grace-ms", 0, 600_000)) };
        }

        return profile;
    }

    private static TimeSpan ReadOwnerStall(SectionReader reader, ConfigSection cluster, QuorumSettings quorum)
    {
        if (reader.Optional(cluster, "vigild-stall-ms") is null)
        {
            return DefaultOwnerStall;
        }

        // Below the heartbeat deadline a short collection in vigild would silence the node: the false DEADs the
        // separate process exists to prevent.
        var least = (long)quorum.Heartbeat.Deadline.TotalMilliseconds * 2;
        return TimeSpan.FromMilliseconds(reader.Integer(cluster, "vigild-stall-ms", least, 600_000));
    }
}
