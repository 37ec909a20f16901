using Microsoft.Win32.SafeHandles;

namespace Vigil.Journal.Embedded;

public sealed partial class EmbeddedJournalStore
{
    private readonly object _flushGate = new();
    private Task? _flushInFlight;

    public async ValueTask<long> AppendAsync(
        IReadOnlyList<EventEnvelope> events,
        IReadOnlyDictionary<string, long>? expectedVersions = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (IsReadOnly)
        {
            throw new InvalidOperationException($"{_directory}: this journal was opened read-only.");
        }

        await _writeLock.WaitAsync(cancellationToken);
        long last;
        try
        {
            ThrowIfUnusable();
            if (events.Count == 0)
            {
                return _index.LastPosition;
            }

            long[] versions;
            lock (_gate)
            {
                if (AlreadyStored(events) is { } stored)
                {
                    return stored;
                }

                versions = AssignVersions(events, expectedVersions);
            }

            cancellationToken.ThrowIfCancellationRequested();
            var first = _index.LastPosition + 1;
            var payload = BatchCodec.Encode(first, events, versions, _serializer);

            // The commit point: from here on the batch is written whatever the token says.
            last = WriteRecord(first, events, versions, payload);
            if (_options.Durability == EmbeddedDurability.FlushEachAppend)
            {
                Flush(_segment!, last);
            }
        }
        finally
        {
            _writeLock.Release();
        }

        if (_options.Durability == EmbeddedDurability.GroupCommit)
        {
            await FlushUpToAsync(last);
        }

        return last;
    }

    /// <summary>The last position of a batch whose ids are all stored (a forwarding retry), or null when none is.</summary>
    private long? AlreadyStored(IReadOnlyList<EventEnvelope> events)
    {
        var seen = new HashSet<Guid>();
        var stored = 0;
        long max = 0;
        foreach (var e in events)
        {
            if (!seen.Add(e.EventId))
            {
                throw new ArgumentException($"Event id {e.EventId} appears twice in one batch.", nameof(events));
            }

            if (_index.TryGetPosition(e.EventId, out var position))
            {
                stored++;
                max = Math.Max(max, position);
            }
        }

        return stored == 0 ? null
            : stored == events.Count ? max
            : throw new InvalidOperationException(
                $"The batch mixes {stored} already stored event ids with {events.Count - stored} new ones; nothing was appended.");
    }

    private long[] AssignVersions(IReadOnlyList<EventEnvelope> events, IReadOnlyDictionary<string, long>? expectedVersions)
    {
        if (expectedVersions is not null)
        {
            foreach (var (stream, expected) in expectedVersions)
            {
                var actual = _index.StreamVersion(stream);
                if (expected != ExpectedVersion.Any && expected != actual)
                {
                    throw new WrongExpectedVersionException(stream, expected, actual);
                }
            }
        }

        var next = new Dictionary<string, long>(StringComparer.Ordinal);
        var versions = new long[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            var stream = events[i].StreamId;
            versions[i] = next[stream] = (next.TryGetValue(stream, out var v) ? v : _index.StreamVersion(stream)) + 1;
        }

        return versions;
    }

    /// <summary>Writes one batch record (rolling the segment over first when it is full) and indexes it; not yet durable.</summary>
    private long WriteRecord(long first, IReadOnlyList<EventEnvelope> events, long[] versions, byte[] payload)
    {
        try
        {
            var segment = EnsureSegment();
            var offset = _segmentLength;
            var record = new byte[SegmentFormat.RecordHeaderSize + payload.Length];
            SegmentFormat.WriteRecordHeader(record, payload);
            payload.CopyTo(record.AsSpan(SegmentFormat.RecordHeaderSize));
            RandomAccess.Write(segment, record, offset);
            _segmentLength = offset + record.Length;
            var decoded = new List<DecodedEvent>(events.Count);
            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i];
                decoded.Add(new DecodedEvent(first + i, versions[i], e.EventId, e.Node, e.Sequence, e.Timestamp, e.Hlc,
                    e.CorrelationId, e.CausationId, e.Kind, e.StreamId, e.EventType, e.PreviousHash, e.Hash, ReadOnlyMemory<byte>.Empty));
            }

            lock (_gate)
            {
                _index.Add(new BatchLocation(first, events.Count, _lastSegment, offset, payload.Length), decoded);
            }

            return first + events.Count - 1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // What reached the file is unknown: refuse further appends rather than guess (PostgreSQL's fsync lesson).
            Volatile.Write(ref _failure, ex);
            throw;
        }
    }

    /// <summary>The segment to append to: truncates a torn tail once, starts a new segment when full.</summary>
    private SafeFileHandle EnsureSegment()
    {
        if (_segment is null && _lastSegment > 0)
        {
            var path = SegmentPath(_lastSegment);
            _segment = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
            _segmentLength = RandomAccess.GetLength(_segment);
            if (_tailTorn)
            {
                Log.TornTailTruncated(_logger, path, _scanEnd, _segmentLength - _scanEnd);
                RandomAccess.SetLength(_segment, _scanEnd);
                RandomAccess.FlushToDisk(_segment);
                _segmentLength = _scanEnd;
                _tailTorn = false;
            }

            if (_segmentLength == 0)
            {
                // A crash left a segment without a complete header (and so without any batch): write it now.
                WriteHeader(_segment, _lastSegment);
            }
        }

        if (_segment is null || (_segmentLength >= _options.SegmentSize && _segmentLength > SegmentFormat.HeaderSize))
        {
            if (_segment is not null)
            {
                RandomAccess.FlushToDisk(_segment);
            }

            var number = _lastSegment + 1;
            var fresh = File.OpenHandle(SegmentPath(number), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Read);
            WriteHeader(fresh, number);
            NativeMethods.FsyncDirectory(_directory);
            lock (_gate)
            {
                if (_segment is not null)
                {
                    _closedSegments.Add(_segment);
                }

                _segment = fresh;
                _lastSegment = number;
            }

            Log.SegmentStarted(_logger, SegmentPath(number), _index.LastPosition + 1);
        }

        return _segment;
    }

    private void WriteHeader(SafeFileHandle segment, long number)
    {
        var header = new byte[SegmentFormat.HeaderSize];
        SegmentFormat.WriteHeader(header, number, _index.LastPosition + 1);
        RandomAccess.Write(segment, header, 0);
        RandomAccess.FlushToDisk(segment);
        _segmentLength = SegmentFormat.HeaderSize;
    }

    /// <summary>fsyncs the segment and makes everything up to <paramref name="last"/> visible to readers.</summary>
    private void Flush(SafeFileHandle segment, long last)
    {
        try
        {
            RandomAccess.FlushToDisk(segment);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Volatile.Write(ref _failure, ex);
            throw;
        }

        lock (_gate)
        {
            if (last > _visible)
            {
                _visible = last;
            }
        }

        _signal.Pulse();
    }

    /// <summary>Group commit: waits until an fsync covers <paramref name="last"/>, starting one when none is running.</summary>
    private async ValueTask FlushUpToAsync(long last)
    {
        while (true)
        {
            Task flight;
            lock (_flushGate)
            {
                if (Volatile.Read(ref _visible) >= last)
                {
                    return;
                }

                ThrowIfUnusable();
                flight = _flushInFlight ??= Task.Run(FlushWritten);
            }

            await flight;
        }
    }

    private void FlushWritten()
    {
        try
        {
            SafeFileHandle segment;
            long target;
            lock (_gate)
            {
                // Earlier segments were fsynced when they were rolled over; everything indexed is in this one or before.
                segment = _segment!;
                target = _index.LastPosition;
            }

            Flush(segment, target);
        }
        finally
        {
            lock (_flushGate)
            {
                _flushInFlight = null;
            }
        }
    }
}
