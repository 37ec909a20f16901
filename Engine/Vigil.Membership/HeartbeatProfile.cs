namespace Vigil.Membership;

/// <summary>How often beats are sent and how many may be missed before a path is DEAD.</summary>
public sealed record HeartbeatProfile(TimeSpan Interval, int MissCount)
{
    /// <summary>The default: a path is DEAD 500 ms after its last beat (goal: node declared dead ≤ 0.8 s p99).</summary>
    public static readonly HeartbeatProfile Default = new(TimeSpan.FromMilliseconds(100), 5);

    /// <summary>The fast profile for low-latency networks: DEAD 100 ms after the last beat.</summary>
    public static readonly HeartbeatProfile Fast = new(TimeSpan.FromMilliseconds(20), 5);

    public TimeSpan Deadline => Interval * MissCount;

    public string? Problem() =>
        Interval < TimeSpan.FromMilliseconds(5) || Interval > TimeSpan.FromSeconds(30)
            ? $"heartbeat interval {Interval.TotalMilliseconds} ms is outside 5 ms – 30 s"
            : MissCount is < 2 or > 100 ? $"miss count {MissCount} is outside 2 – 100" : null;
}
