namespace Vigil.Journal.Embedded;

/// <summary>One event as a batch record holds it: the envelope fields and the payload's JSON, not yet deserialized.</summary>
internal sealed record DecodedEvent(
    long Position,
    long StreamVersion,
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
    string PreviousHash,
    string Hash,
    ReadOnlyMemory<byte> Json)
{
    public RecordedEvent ToRecorded(EventSerializer serializer) =>
        new(Position, StreamVersion, new EventEnvelope(
            EventId, Node, Sequence, Timestamp, Hlc, CorrelationId, CausationId, Kind, StreamId, EventType,
            serializer.DeserializeData(EventType, Json.Span), PreviousHash, Hash));
}
