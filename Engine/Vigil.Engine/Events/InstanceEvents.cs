using Vigil.Engine.Model;
using Vigil.Journal;

namespace Vigil.Engine.Events;

/// <summary>Decisions about resource instances (a resource on one node): state changes and kit actions.</summary>
public static class InstanceEvents
{
    /// <summary>The state machine of (Tag, Node) fires <paramref name="Trigger"/>; <paramref name="To"/> is recorded so an impossible transition shows up as an anomaly on projection.</summary>
    [EventType("instance.transitioned.v1")]
    public sealed record InstanceTransitioned(string Tag, string Node, InstanceTrigger Trigger, InstanceState From, InstanceState To, string Reason)
        : IDecisionEvent, IResourceScoped;

    /// <summary>The engine asks the kit on <paramref name="Node"/> to run <paramref name="Action"/>.</summary>
    [EventType("instance.action-requested.v1")]
    public sealed record ActionRequested(long ActionId, string Tag, string Node, KitAction Action, long OperationId)
        : IDecisionEvent, IResourceScoped;

    /// <summary>
    /// A failure of (Tag, Node) is counted: <paramref name="Count"/> failures not yet expired, this one included, the
    /// last <paramref name="At"/> (the time of the input that reported it). They all expire together at
    /// <paramref name="ExpiresAt"/> (null: never), as Pacemaker's failure-timeout does.
    /// </summary>
    [EventType("instance.failure-counted.v1")]
    public sealed record FailureCounted(string Tag, string Node, int Count, DateTimeOffset At, DateTimeOffset? ExpiresAt, string Reason)
        : IDecisionEvent, IResourceScoped;

    /// <summary>An operator's cleanup forgets the failures of (Tag, Node).</summary>
    [EventType("instance.failures-cleared.v1")]
    public sealed record FailuresCleared(string Tag, string Node) : IDecisionEvent, IResourceScoped;

    /// <summary>
    /// (Tag, Node) is known stopped again after its node was declared dead (see <c>InstanceInfo.ReleasePending</c>):
    /// the node removed it itself, or an operator's cleanup vouches for it. <paramref name="Reason"/> says which.
    /// </summary>
    [EventType("instance.released.v1")]
    public sealed record InstanceReleased(string Tag, string Node, string Reason) : IDecisionEvent, IResourceScoped;
}
