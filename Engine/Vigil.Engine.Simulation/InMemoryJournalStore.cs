using System.Runtime.CompilerServices;
using Vigil.Journal;

namespace Vigil.Engine.Simulation;

/// <summary>A journal store in memory, for simulations that need no disk (what-if runs, seeded campaigns).</summary>
public sealed class InMemoryJournalStore : IJournalStore
{
    private readonly List<RecordedEvent> _events = [];
    private readonly Dictionary<string, long> _streams = new(StringComparer.Ordinal);
    private readonly HashSet<Guid> _ids = [];
    private readonly Dictionary<string, NodeHead> _heads = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public IReadOnlyList<RecordedEvent> Events
    {
        get
        {
            lock (_lock)
            {
                return [.. _events];
            }
        }
    }

    public ValueTask<long> AppendAsync(IReadOnlyList<EventEnvelope> events, IReadOnlyDictionary<string, long>? expectedVersions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        lock (_lock)
        {
            var known = events.Count(e => _ids.Contains(e.EventId));
            if (known == events.Count && known > 0)
            {
                return new(_events.First(r => r.Envelope.EventId == events[^1].EventId).Position);
            }

            if (known > 0)
            {
                throw new InvalidOperationException("The batch mixes events already stored with new ones; nothing was appended.");
            }

            foreach (var (stream, expected) in expectedVersions ?? new Dictionary<string, long>())
            {
                var actual = _streams.GetValueOrDefault(stream);
                if (expected != ExpectedVersion.Any && expected != actual)
                {
                    throw new WrongExpectedVersionException(stream, expected, actual);
                }
            }

            foreach (var e in events)
            {
                var version = _streams[e.StreamId] = _streams.GetValueOrDefault(e.StreamId) + 1;
                _events.Add(new RecordedEvent(_events.Count + 1, version, e));
                _ids.Add(e.EventId);
                _heads[e.Node] = new NodeHead(e.Node, e.Sequence, e.Hash, e.Hlc);
            }

            return new(_events.Count);
        }
    }

    public async IAsyncEnumerable<RecordedEvent> ReadStreamAsync(string streamId, long fromVersion = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var e in Events.Where(e => e.Envelope.StreamId == streamId && e.StreamVersion >= fromVersion))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return e;
        }

        await Task.CompletedTask;
    }

    public async IAsyncEnumerable<RecordedEvent> ReadAllAsync(long fromPosition = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var e in Events.Where(e => e.Position >= fromPosition))
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return e;
        }

        await Task.CompletedTask;
    }

    /// <summary>In simulation nothing arrives while a reader waits, so a subscription is a read to the end.</summary>
    public IAsyncEnumerable<RecordedEvent> SubscribeAsync(long fromPosition = 1, CancellationToken cancellationToken = default) =>
        ReadAllAsync(fromPosition, cancellationToken);

    public ValueTask<long> GetStreamVersionAsync(string streamId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return new(_streams.GetValueOrDefault(streamId));
        }
    }

    public ValueTask<NodeHead?> GetNodeHeadAsync(string node, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return new(_heads.GetValueOrDefault(node));
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
