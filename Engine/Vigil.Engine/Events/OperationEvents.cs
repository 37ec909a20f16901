using System.Collections.Immutable;
using Vigil.Journal;

namespace Vigil.Engine.Events;

/// <summary>Decisions about hierarchy operations: restore, remove, failover, switchover, switchback.</summary>
public static class OperationEvents
{
    [EventType("operation.started.v1")]
    public sealed record OperationStarted(
        long OperationId, OperationKind Kind, ImmutableArray<string> Members, string? From, string? Target,
        ImmutableArray<string> Fallbacks, string Cause) : IDecisionEvent;

    /// <summary>A restore failed on <paramref name="FailedNode"/>; the operation cleans it up and cascades to <paramref name="Target"/>, the next priority (null: nowhere left).</summary>
    [EventType("operation.cascaded.v1")]
    public sealed record OperationCascaded(long OperationId, string FailedNode, string? Target, string Reason) : IDecisionEvent;

    [EventType("operation.completed.v1")]
    public sealed record OperationCompleted(long OperationId, string Node) : IDecisionEvent;

    /// <summary>The operation gave up; the hierarchy is left OSF, with every exit reason collected.</summary>
    [EventType("operation.failed.v1")]
    public sealed record OperationFailed(long OperationId, ImmutableArray<string> Reasons) : IDecisionEvent;
}
