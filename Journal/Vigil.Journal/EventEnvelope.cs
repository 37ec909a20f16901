namespace Vigil.Journal;

/// <summary>
/// One journaled event with everything an auditor needs: who recorded it (node, gapless per-node
/// sequence, hash chain), when (wall clock and hybrid logical clock), why (correlation and causation)
/// and whether it was an input or a decision.
/// </summary>
/// <param name="EventId">Globally unique; stores use it to make forwarding idempotent.</param>
/// <param name="Node">The node that recorded the event.</param>
/// <param name="Sequence">Gapless per-node sequence, starting at 1.</param>
/// <param name="Timestamp">Wall clock of the recording node (informational; never used for ordering across nodes).</param>
/// <param name="Hlc">Hybrid logical clock stamp; merged histories order by it.</param>
/// <param name="CorrelationId">One per chain (a failover, a command and what it caused).</param>
/// <param name="CausationId">The event that caused this one, if any.</param>
/// <param name="Kind">Input or decision.</param>
/// <param name="StreamId">The stream the event belongs to (<c>cluster</c>, <c>node-…</c>, <c>resource-…</c>).</param>
/// <param name="EventType">The versioned stored type name of <paramref name="Data"/>.</param>
/// <param name="Data">The payload.</param>
/// <param name="PreviousHash">Hex SHA-256 of the node's previous event (empty for the first).</param>
/// <param name="Hash">Hex SHA-256 over <paramref name="PreviousHash"/> and this event's canonical bytes.</param>
public sealed record EventEnvelope(
    Guid EventId,
    string Node,
    long Sequence,
    DateTimeOffset Timestamp,
    HlcTimestamp Hlc,
    Guid CorrelationId,
    Guid? CausationId,
    EventKind Kind,
    string StreamId,
    string EventType,
    IVigilEvent Data,
    string PreviousHash,
    string Hash);
