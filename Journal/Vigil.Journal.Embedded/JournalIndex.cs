namespace Vigil.Journal.Embedded;

/// <summary>
/// The in-memory index rebuilt on open: batch locations by position, each stream's positions (so a version is an
/// index), every event id and each node's head. Not thread-safe: the store guards it with its own lock.
/// </summary>
internal sealed class JournalIndex
{
    private readonly List<BatchLocation> _batches = [];
    private readonly Dictionary<string, List<long>> _streams = new(StringComparer.Ordinal);
    private readonly Dictionary<Guid, long> _ids = [];
    private readonly Dictionary<string, NodeHead> _heads = new(StringComparer.Ordinal);

    public long LastPosition { get; private set; }

    public int BatchCount => _batches.Count;

    /// <summary>Checks that a decoded batch continues the index (positions, stream versions, unique ids); returns the problem or null.</summary>
    public string? Validate(IReadOnlyList<DecodedEvent> events)
    {
        var pendingVersions = new Dictionary<string, long>(StringComparer.Ordinal);
        var ids = new HashSet<Guid>();
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (e.Position != LastPosition + 1 + i)
            {
                return $"event at position {e.Position} where {LastPosition + 1 + i} was expected";
            }

            var version = pendingVersions.TryGetValue(e.StreamId, out var v) ? v : StreamVersion(e.StreamId);
            if (e.StreamVersion != version + 1)
            {
                return $"stream '{e.StreamId}' version {e.StreamVersion} where {version + 1} was expected";
            }

            pendingVersions[e.StreamId] = e.StreamVersion;
            if (_ids.ContainsKey(e.EventId) || !ids.Add(e.EventId))
            {
                return $"event id {e.EventId} is stored twice";
            }
        }

        return null;
    }

    public void Add(BatchLocation location, IReadOnlyList<DecodedEvent> events)
    {
        _batches.Add(location);
        foreach (var e in events)
        {
            if (!_streams.TryGetValue(e.StreamId, out var positions))
            {
                _streams[e.StreamId] = positions = [];
            }

            positions.Add(e.Position);
            _ids[e.EventId] = e.Position;
            _heads[e.Node] = new NodeHead(e.Node, e.Sequence, e.Hash, e.Hlc);
        }

        LastPosition = location.LastPosition;
    }

    public long StreamVersion(string streamId) => _streams.TryGetValue(streamId, out var p) ? p.Count : 0;

    /// <summary>The version of a stream counting only events at or before <paramref name="visible"/>.</summary>
    public long StreamVersion(string streamId, long visible)
    {
        if (!_streams.TryGetValue(streamId, out var p))
        {
            return 0;
        }

        var i = p.BinarySearch(visible);
        return i >= 0 ? i + 1 : ~i;
    }

    public bool TryGetPosition(Guid eventId, out long position) => _ids.TryGetValue(eventId, out position);

    public NodeHead? Head(string node) => _heads.GetValueOrDefault(node);

    /// <summary>Positions of a stream from a version (1-based) up to <paramref name="visible"/>.</summary>
    public List<long> StreamPositions(string streamId, long fromVersion, long visible)
    {
        var result = new List<long>();
        if (_streams.TryGetValue(streamId, out var p))
        {
            for (var i = (int)Math.Max(0, fromVersion - 1); i < p.Count && p[i] <= visible; i++)
            {
                result.Add(p[i]);
            }
        }

        return result;
    }

    /// <summary>Batches holding positions from <paramref name="from"/> up to <paramref name="visible"/>, at most <paramref name="max"/>.</summary>
    public List<BatchLocation> BatchesFrom(long from, long visible, int max)
    {
        var result = new List<BatchLocation>();
        var i = FindBatch(from);
        for (; i >= 0 && i < _batches.Count && result.Count < max && _batches[i].FirstPosition <= visible; i++)
        {
            result.Add(_batches[i]);
        }

        return result;
    }

    public bool TryFindBatch(long position, out BatchLocation location)
    {
        var i = FindBatch(position);
        location = i >= 0 && i < _batches.Count ? _batches[i] : default;
        return i >= 0 && i < _batches.Count && location.FirstPosition <= position && position <= location.LastPosition;
    }

    private int FindBatch(long position)
    {
        if (_batches.Count == 0 || position > LastPosition)
        {
            return -1;
        }

        int lo = 0, hi = _batches.Count - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (_batches[mid].FirstPosition <= position)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }
}
