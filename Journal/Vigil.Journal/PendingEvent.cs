namespace Vigil.Journal;

/// <summary>An event about to be journaled: payload and causal context; the writer adds sequence, clocks and hashes.</summary>
public sealed record PendingEvent(
    IVigilEvent Data,
    EventKind Kind,
    string StreamId,
    Guid CorrelationId,
    Guid? CausationId = null,
    Guid? EventId = null);
