using Marten;
using JasperFx.Events;

namespace Vigil.Journal.Marten;

/// <summary>
/// Time travel over the Marten journal through Marten's own <c>FetchStreamAsync</c> and <c>AggregateStreamAsync</c>:
/// a stream as it was at a version or at a moment (the recording node's timestamp, which is Marten's timestamp here).
/// </summary>
public sealed class MartenJournalQueries(MartenJournalStore store)
{
    /// <summary>A stream's events up to and including <paramref name="version"/>.</summary>
    public async Task<IReadOnlyList<RecordedEvent>> ReadStreamUpToVersionAsync(string streamId, long version, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        await using var session = store.DocumentStore.QuerySession();
        return Convert(await session.Events.FetchStreamAsync(streamId, version, null, 0, cancellationToken));
    }

    /// <summary>A stream's events recorded at or before <paramref name="timestamp"/>.</summary>
    public async Task<IReadOnlyList<RecordedEvent>> ReadStreamAsOfAsync(string streamId, DateTimeOffset timestamp, CancellationToken cancellationToken = default)
    {
        await using var session = store.DocumentStore.QuerySession();
        return Convert(await session.Events.FetchStreamAsync(streamId, 0, timestamp, 0, cancellationToken));
    }

    /// <summary>
    /// Folds a stream into <typeparamref name="T"/> with Marten's live aggregation (Create/Apply conventions), up to a
    /// version (0 = latest) or a moment; null when the stream has no events by then.
    /// </summary>
    public async Task<T?> AggregateStreamAsync<T>(string streamId, long version = 0, DateTimeOffset? timestamp = null, CancellationToken cancellationToken = default)
        where T : class
    {
        await using var session = store.DocumentStore.QuerySession();
        return await session.Events.AggregateStreamAsync<T>(streamId, version, timestamp, null, 0, cancellationToken);
    }

    /// <summary>
    /// Every stream's events recorded at or before <paramref name="timestamp"/>, in position order: the whole cluster
    /// journal as it stood at that moment (the filter runs in PostgreSQL, through Marten's raw event query).
    /// </summary>
    public async Task<IReadOnlyList<RecordedEvent>> ReadAllAsOfAsync(DateTimeOffset timestamp, CancellationToken cancellationToken = default)
    {
        await using var session = store.DocumentStore.QuerySession();
        var events = await session.Events.QueryAllRawEvents()
            .Where(e => e.Timestamp <= timestamp)
            .OrderBy(e => e.Sequence)
            .ToListAsync(cancellationToken);
        return Convert(events);
    }

    private static List<RecordedEvent> Convert(IReadOnlyList<IEvent> events) =>
        [.. events.Select(e =>
        {
            var data = e.Data as IVigilEvent ?? throw new InvalidDataException($"Event {e.Id} is a {e.Data.GetType().Name}, not a Vigil event.");
            var envelope = MartenHeaders.Envelope(e.Id, e.StreamKey!, e.CorrelationId, e.CausationId, data,
                name => e.Headers is not null && e.Headers.TryGetValue(name, out var value) ? MartenHeaders.Text(value) : null);
            return new RecordedEvent(e.Sequence, e.Version, envelope);
        })];
}
