using Vigil.Membership;

namespace Vigil.Daemon.Quorum;

/// <summary>
/// The quorum mode, the quorum-loss action and the lease. The lease counts from the last heartbeat a node received
/// from a majority: the node must have carried out its quorum-loss action by then. The majority's leader proposes a
/// node dead only after hearing nothing from it for <see cref="TakeoverAfter"/> = lease + margin (docs/operations.md,
/// "Quorum and leases", has the arithmetic).
/// </summary>
internal sealed record QuorumSettings(QuorumMode Mode, QuorumLossAction LossAction, TimeSpan Lease, HeartbeatProfile Heartbeat)
{
    /// <summary>How often the lease is evaluated (and how often the failure detector looks: a quarter interval).</summary>
    public TimeSpan Tick => TimeSpan.FromTicks(Math.Max(Heartbeat.Interval.Ticks / 4, TimeSpan.TicksPerMillisecond));

    /// <summary>
    /// What separates the two sides' views of the same silence: the last beats each side received can be up to one
    /// interval apart, and each detector looks every quarter interval. Two intervals cover both.
    /// </summary>
    public TimeSpan Margin => Heartbeat.Interval * 2;

    /// <summary>The silence after which the leader may propose a node dead: its lease has run out on its own clock.</summary>
    public TimeSpan TakeoverAfter => Mode == QuorumMode.None ? Heartbeat.Deadline : Lease + Margin;

    /// <summary>
    /// The time a node has to carry out its quorum-loss action: it learns of the loss one deadline (plus two ticks of
    /// detection) after the last beat, and the lease runs out at lease after it. Also the longest a pause of vigild
    /// itself can be tolerated: after a longer one the node cannot know whether it was declared dead meanwhile.
    /// </summary>
    public TimeSpan ActionBudget => Lease - Heartbeat.Deadline - Tick - Tick;

    /// <summary>
    /// The default lease: the deadline plus one second to stop the resources (a GenApp remove that waits for its
    /// process takes a few hundred milliseconds per resource); also tolerates pauses of vigild up to about a second.
    /// </summary>
    public static TimeSpan DefaultLease(HeartbeatProfile heartbeat) => heartbeat.Deadline + TimeSpan.FromSeconds(1);

    public static QuorumSettings Default(HeartbeatProfile heartbeat) => new(QuorumMode.Majority, QuorumLossAction.Osu, DefaultLease(heartbeat), heartbeat);
}
