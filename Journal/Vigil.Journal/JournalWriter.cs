namespace Vigil.Journal;

/// <summary>
/// A node's single writer: stamps gapless sequence numbers, hybrid logical clock stamps and the hash chain,
/// then appends atomically. Not thread-safe: one owner per node. A failed append rolls the stamps back, so
/// the sequence never has a gap.
/// </summary>
public sealed class JournalWriter
{
    private readonly IJournalStore _store;
    private readonly EventSerializer _serializer;
    private readonly TimeProvider _time;
    private readonly Func<Guid> _newId;
    private long _sequence;
    private string _hash;

    private JournalWriter(IJournalStore store, string node, EventSerializer serializer, TimeProvider time, Func<Guid>? newId, NodeHead? head)
    {
        _store = store;
        Node = node;
        _serializer = serializer;
        _time = time;
        _newId = newId ?? (() => Guid.CreateVersion7(_time.GetUtcNow()));
        Clock = new HybridLogicalClock(time);
        _sequence = head?.Sequence ?? 0;
        _hash = head?.Hash ?? string.Empty;
        if (head is not null)
        {
            Clock.Observe(head.Hlc);
        }
    }

    public string Node { get; }

    public HybridLogicalClock Clock { get; }

    public long LastSequence => _sequence;

    public IJournalStore Store => _store;

    /// <summary>Opens a writer that continues the node's chain where the store left it.</summary>
    public static async ValueTask<JournalWriter> OpenAsync(
        IJournalStore store, string node, EventSerializer serializer, TimeProvider time,
        Func<Guid>? newId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(node);
        var head = await store.GetNodeHeadAsync(node, cancellationToken);
        return new JournalWriter(store, node, serializer, time, newId, head);
    }

    /// <summary>Stamps and appends a batch atomically; returns the stored envelopes.</summary>
    public async ValueTask<IReadOnlyList<EventEnvelope>> AppendAsync(
        IReadOnlyList<PendingEvent> events,
        IReadOnlyDictionary<string, long>? expectedVersions = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var stamped = Stamp(events);
        try
        {
            await _store.AppendAsync(stamped, expectedVersions, cancellationToken);
        }
        catch
        {
            _sequence -= stamped.Length;
            _hash = stamped.Length > 0 ? stamped[0].PreviousHash : _hash;
            throw;
        }

        return stamped;
    }

    private EventEnvelope[] Stamp(IReadOnlyList<PendingEvent> events)
    {
        var result = new EventEnvelope[events.Count];
        var now = _time.GetUtcNow();
        // Microsecond precision, UTC: what PostgreSQL keeps, so a round trip through Marten hashes alike.
        var ts = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % 10), TimeSpan.Zero);
        var seq = _sequence;
        var hash = _hash;
        for (var i = 0; i < events.Count; i++)
        {
            var p = events[i];
            var unhashed = new EventEnvelope(
                p.EventId ?? _newId(), Node, ++seq, ts, Clock.Now(), p.CorrelationId, p.CausationId, p.Kind,
                p.StreamId, _serializer.Registry.NameOf(p.Data.GetType()), p.Data, hash, string.Empty);
            hash = HashChain.Compute(_serializer, unhashed);
            result[i] = unhashed with { Hash = hash };
        }

        _sequence = seq;
        _hash = hash;
        return result;
    }
}
