using Vigil.Journal;

namespace Vigil.Engine.Events;

/// <summary>Cluster-wide decisions.</summary>
public static class ClusterEvents
{
    /// <summary>Something in the history could not be applied (an impossible transition, an unknown subject). Projection records it instead of throwing.</summary>
    [EventType("cluster.anomaly.v1")]
    public sealed record AnomalyRecorded(string Subject, string Description) : IDecisionEvent;
}
