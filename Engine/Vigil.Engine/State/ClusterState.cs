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

    /// <summary>Decision events applied so far.</summary>
    public long AppliedCount { get; private set; }

    public InstanceInfo? FindInstance(string tag, string node) =>
        Resources.TryGetValue(tag, out var r) && r.Instances.TryGetValue(node, out var i) ? i : null;
}
