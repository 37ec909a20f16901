using Stateless;
using Vigil.Engine.Model;
using Vigil.Engine.StateMachines;

namespace Vigil.Engine.State;

/// <summary>A resource on one node: its priority there and its lifecycle state machine (state stored here, externally to Stateless).</summary>
public sealed class InstanceInfo
{
    internal InstanceInfo(string tag, string node, int priority)
    {
        Tag = tag;
        Node = node;
        Priority = priority;
    }

    public string Tag { get; }

    public string Node { get; }

    /// <summary>1 = highest; unique per resource.</summary>
    public int Priority { get; internal set; }

    public InstanceState State { get; internal set; } = InstanceState.IllState;

    /// <summary>Why it is in its state (the exit reason of the last failed action, for OSF).</summary>
    public string Reason { get; internal set; } = string.Empty;

    /// <summary>The kit action running on this instance, if any (removed from the pending set when the instance settles).</summary>
    public long? PendingActionId { get; internal set; }

    /// <summary>Failures counted on this instance (failed checks, failed restores), as of the last one; see <see cref="ActiveFailures"/>.</summary>
    public int FailureCount { get; internal set; }

    /// <summary>When the last counted failure was reported, if any.</summary>
    public DateTimeOffset? LastFailureAt { get; internal set; }

    /// <summary>When the counted failures expire together (null: never, or none counted).</summary>
    public DateTimeOffset? FailuresExpireAt { get; internal set; }

    /// <summary>
    /// Its node was declared dead while it was active or OSF there, so it may still run there (a lapsed lease stops
    /// nothing by itself, a failed remove leaves it half up) until that node confirms it is stopped: a remove that
    /// succeeds there, a release that node reports (<c>ReportReleased</c>), an operator's cleanup, or a restore there
    /// (it is meant to run there again). Derived from the journal, so a node that restarts still knows what to release.
    /// </summary>
    public bool ReleasePending { get; internal set; }

    /// <summary>The failures that still count at <paramref name="now"/> (all of them until they expire, then none).</summary>
    public int ActiveFailures(DateTimeOffset now) =>
        FailureCount > 0 && (FailuresExpireAt is not { } expires || now < expires) ? FailureCount : 0;

    /// <summary>
    /// The lifecycle machine, pointed at this instance: one configured machine per thread serves every instance (its
    /// state lives here, outside it), since configuring one per instance cost more than the decisions themselves.
    /// Use it at once (CanFire, Fire); it serves another instance the next time anything asks.
    /// </summary>
    internal StateMachine<InstanceState, InstanceTrigger> Machine => InstanceLifecycle.For(this);
}
