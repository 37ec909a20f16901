namespace Vigil.Journal;

/// <summary>
/// The journal port. Two stores implement it and pass one contract suite: the embedded store (zero-setup
/// default and every node's local write-ahead journal) and Marten on PostgreSQL (cluster-wide audit).
/// </summary>
/// <remarks>
/// Invariants every store keeps: a batch is appended atomically (all or nothing); an event id is stored at
/// most once (appending a batch whose ids are all already stored is a no-op, which makes forwarding
/// idempotent; a batch mixing stored and new ids is refused); global positions increase in append order;
/// nothing is ever updated or deleted.
/// </remarks>
public interface IJournalStore : IAsyncDisposable
{
    /// <summary>Appends <paramref name="events"/> atomically, in order.</summary>
    /// <param name="events">Envelopes already stamped by a <see cref="JournalWriter"/> (or forwarded from another store).</param>
    /// <param name="expectedVersions">Optional per-stream expectations (<see cref="ExpectedVersion"/> or an exact version before the append).</param>
    /// <param name="cancellationToken">Cancels before the commit point only.</param>
    /// <returns>The global position of the last event appended (or already stored).</returns>
    /// <exception cref="WrongExpectedVersionException">An expectation failed; nothing was stored.</exception>
    ValueTask<long> AppendAsync(
        IReadOnlyList<EventEnvelope> events,
        IReadOnlyDictionary<string, long>? expectedVersions = null,
        CancellationToken cancellationToken = default);

    /// <summary>Reads one stream from a version (inclusive, 1-based).</summary>
    IAsyncEnumerable<RecordedEvent> ReadStreamAsync(string streamId, long fromVersion = 1, CancellationToken cancellationToken = default);

    /// <summary>Reads every event from a global position (inclusive, 1-based), in position order.</summary>
    IAsyncEnumerable<RecordedEvent> ReadAllAsync(long fromPosition = 1, CancellationToken cancellationToken = default);

    /// <summary>Reads from a position and then waits for new events until cancelled.</summary>
    IAsyncEnumerable<RecordedEvent> SubscribeAsync(long fromPosition = 1, CancellationToken cancellationToken = default);

    /// <summary>The current version of a stream (0 when it does not exist).</summary>
    ValueTask<long> GetStreamVersionAsync(string streamId, CancellationToken cancellationToken = default);

    /// <summary>The last event of a node in this store, or null if it has none.</summary>
    ValueTask<NodeHead?> GetNodeHeadAsync(string node, CancellationToken cancellationToken = default);
}
