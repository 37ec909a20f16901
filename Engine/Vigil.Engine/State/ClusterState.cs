using Vigil.Engine.Events;

namespace Vigil.Engine.State;

/// <summary>
/// The cluster as projected from decision events. Mutable, owned by one thread (the engine's). Applying an event
/// never throws: what cannot be applied is recorded in <see cref="Anomalies"/>, so a damaged or foreign history
/// can still be replayed and inspected.
/// </summary>
public sealed partial class ClusterState
{
    public SortedDictionary<string, NodeInfo> Nodes { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, ResourceInfo> Resources { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<long, HierarchyOperation> Operations { get; } = [];

    public SortedDictionary<long, PendingAction> PendingActions { get; } = [];

    public List<ClusterEvents.AnomalyRecorded> Anomalies { get; } = [];

    /// <summary>Ids are counters in the state, not random, so replay produces the same decisions.</summary>
    public long LastActionId { get; private set; }

    public long LastOperationId { get; private set; }

    /// <summary>
    /// The engine's clock: the time of the input being decided, never going back. It comes only from what is
    /// journaled (the input envelope's timestamp), never from a clock read while deciding, so replay decides alike.
    /// </summary>
    public DateTimeOffset Now { get; private set; } = DateTimeOffset.UnixEpoch;

    /// <summary>Decision events applied so far.</summary>
    public long AppliedCount { get; private set; }

    public InstanceInfo? FindInstance(string tag, string node) =>
        Resources.TryGetValue(tag, out var r) && r.Instances.TryGetValue(node, out var i) ? i : null;

    /// <summary>Moves <see cref="Now"/> forward to <paramref name="at"/> (an earlier time, from a skewed clock, is ignored).</summary>
    public void AdvanceClock(DateTimeOffset at)
    {
        if (at > Now)
        {
            Now = at;
        }
    }
}
