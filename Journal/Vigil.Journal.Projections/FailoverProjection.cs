using System.Globalization;
using JasperFx.Events;
using Marten.Events.Projections;
using Vigil.Engine.Events;
using Vigil.Engine.Model;

namespace Vigil.Journal.Projections;

/// <summary>
/// Failover records across every node's stream: the operation events are grouped by operation id (the same on every
/// node, being a replicated decision), so the copies of one failover fold into one document. Each event only sets
/// what it knows, idempotently: a second copy, or a copy arriving after the completion (one node's chain forwarded
/// late), changes nothing.
/// </summary>
public sealed class FailoverProjection : MultiStreamProjection<ProjectedFailover, string>
{
    public FailoverProjection()
    {
        Identity<OperationEvents.OperationStarted>(e => Key(e.OperationId));
        Identity<OperationEvents.OperationCompleted>(e => Key(e.OperationId));
        Identity<OperationEvents.OperationFailed>(e => Key(e.OperationId));
    }

    public override ProjectedFailover? Evolve(ProjectedFailover? snapshot, string id, IEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        switch (e.Data)
        {
            case OperationEvents.OperationStarted { Kind: OperationKind.Failover } s when snapshot is null:
                return new ProjectedFailover
                {
                    Id = id, OperationId = s.OperationId, At = RecordedTime.Of(e), Members = [.. s.Members], From = s.From, Cause = s.Cause,
                };
            case OperationEvents.OperationCompleted c when snapshot is not null && snapshot.CompletedAt is null:
                snapshot.To = c.Node;
                snapshot.CompletedAt = RecordedTime.Of(e);
                return snapshot;
            case OperationEvents.OperationFailed f when snapshot is not null && snapshot.FailedAt is null:
                snapshot.FailedAt = RecordedTime.Of(e);
                snapshot.FailureReasons = [.. f.Reasons];
                return snapshot;
            default:
                // Other kinds of operation have no record; a repeated copy leaves the record as it is.
                return snapshot;
        }
    }

    private static string Key(long operationId) => operationId.ToString(CultureInfo.InvariantCulture);
}
