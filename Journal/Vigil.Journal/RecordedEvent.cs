namespace Vigil.Journal;

/// <summary>An envelope as a store holds it: its global position in that store and its version in its stream.</summary>
/// <param name="Position">Global position in the store, starting at 1, increasing in append order.</param>
/// <param name="StreamVersion">Version of the stream after this event, starting at 1.</param>
/// <param name="Envelope">The event.</param>
public sealed record RecordedEvent(long Position, long StreamVersion, EventEnvelope Envelope);
