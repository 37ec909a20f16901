namespace Vigil.Membership;

/// <summary>
/// How often beats are sent, how many may be missed before a path is DEAD, and the hysteresis that keeps a path from
/// flapping: a DEAD path is ALIVE again only after <see cref="AliveAfter"/> consecutive beats, and a peer that has
/// just (re)started is not judged during <see cref="Grace"/>.
/// </summary>
public sealed record HeartbeatProfile(TimeSpan Interval, int MissCount)
{
    /// <summary>The default: a path is DEAD 500 ms after its last beat (goal: node declared dead ≤ 0.8 s p99).</summary>
    public static readonly HeartbeatProfile Default = new(TimeSpan.FromMilliseconds(100), 5);

    /// <summary>
    /// The fast profile for low-latency networks: DEAD 100 ms after the last beat; ALIVE again only after 10 beats
    /// (200 ms without a gap), which is what keeps a freshly restarted node from flapping on a busy machine.
    /// </summary>
    public static readonly HeartbeatProfile Fast = new(TimeSpan.FromMilliseconds(20), 5) { AliveAfter = 10 };

    /// <summary>Consecutive accepted beats (no gap longer than the deadline) a DEAD path needs to be ALIVE again.</summary>
    public int AliveAfter { get; init; } = 3;

    /// <summary>
    /// How long after a peer's first beat of a new incarnation (it just started) its paths are not found DEAD: a
    /// process that has just started stalls (JIT, first collections) longer than a short deadline.
    /// </summary>
    public TimeSpan Grace { get; init; } = TimeSpan.FromSeconds(2);

    public TimeSpan Deadline => Interval * MissCount;

    public string? Problem() =>
        Interval < TimeSpan.FromMilliseconds(5) || Interval > TimeSpan.FromSeconds(30)
            ? $"heartbeat interval {Interval.TotalMilliseconds} ms is outside 5 ms – 30 s"
            : MissCount is < 2 or > 100 ? $"miss count {MissCount} is outside 2 – 100"
            : AliveAfter is < 1 or > 1000 ? $"alive-after {AliveAfter} beats is outside 1 – 1000"
            : Grace < TimeSpan.Zero || Grace > TimeSpan.FromMinutes(10) ? $"grace {Grace.TotalMilliseconds} ms is outside 0 – 600000 ms"
            : null;
}
