using System.Runtime.CompilerServices;
using Microsoft.Win32.SafeHandles;

namespace Vigil.Journal.Embedded;

public sealed partial class EmbeddedJournalStore
{
    private const int BatchesPerRead = 64;

    public async IAsyncEnumerable<RecordedEvent> ReadAllAsync(long fromPosition = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var next = Math.Max(1, fromPosition);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            List<BatchLocation> batches;
            long visible;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
                visible = _visible;
                batches = _index.BatchesFrom(next, visible, BatchesPerRead);
            }

            if (batches.Count == 0)
            {
                yield break;
            }

            foreach (var batch in batches)
            {
                foreach (var e in await ReadBatchAsync(batch, cancellationToken))
                {
                    if (e.Position >= next && e.Position <= visible)
                    {
                        yield return e.ToRecorded(_serializer);
                    }
                }

                next = Math.Min(batch.LastPosition, visible) + 1;
            }
        }
    }

    public async IAsyncEnumerable<RecordedEvent> ReadStreamAsync(string streamId, long fromVersion = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(streamId);
        List<long> positions;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
            positions = _index.StreamPositions(streamId, fromVersion, _visible);
        }

        BatchLocation cached = default;
        List<DecodedEvent>? decoded = null;
        foreach (var position in positions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (decoded is null || position > cached.LastPosition || position < cached.FirstPosition)
            {
                lock (_gate)
                {
                    _index.TryFindBatch(position, out cached);
                }

                decoded = await ReadBatchAsync(cached, cancellationToken);
            }

            yield return decoded[(int)(position - cached.FirstPosition)].ToRecorded(_serializer);
        }
    }

    public async IAsyncEnumerable<RecordedEvent> SubscribeAsync(long fromPosition = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var next = Math.Max(1, fromPosition);
        while (!_disposed.IsCancellationRequested)
        {
            // Arm the wake-up before reading, so an append between the read and the wait is not missed.
            var wake = _signal.Next;
            await foreach (var e in ReadAllAsync(next, cancellationToken))
            {
                next = e.Position + 1;
                yield return e;
            }

            if (LastPosition >= next)
            {
                continue;
            }

            try
            {
                await wake.WaitAsync(_options.PollInterval, _options.TimeProvider, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Another process may have appended: a read-only instance picks its batches up here.
                Refresh();
            }
        }
    }

    public ValueTask<long> GetStreamVersionAsync(string streamId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(streamId);
        lock (_gate)
        {
            return ValueTask.FromResult(_index.StreamVersion(streamId));
        }
    }

    public ValueTask<NodeHead?> GetNodeHeadAsync(string node, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        lock (_gate)
        {
            return ValueTask.FromResult(_index.Head(node));
        }
    }

    /// <summary>Reads one batch record back from disk, checking its checksum again (the disk may have changed since open).</summary>
    private async ValueTask<List<DecodedEvent>> ReadBatchAsync(BatchLocation batch, CancellationToken cancellationToken)
    {
        var path = SegmentPath(batch.Segment);
        var handle = ReadHandle(batch.Segment);
        var record = new byte[SegmentFormat.RecordHeaderSize + batch.PayloadLength];
        var read = 0;
        while (read < record.Length)
        {
            var n = await RandomAccess.ReadAsync(handle, record.AsMemory(read), batch.Offset + read, cancellationToken);
            if (n <= 0)
            {
                throw new JournalCorruptException(path, batch.Offset, "the batch is no longer complete on disk (the file was truncated)");
            }

            read += n;
        }

        if (!SegmentFormat.TryReadRecordHeader(record, out var length, out var crc) || length != batch.PayloadLength)
        {
            throw new JournalCorruptException(path, batch.Offset, "record header changed on disk since the journal was opened");
        }

        return Decode(path, batch, record.AsMemory(SegmentFormat.RecordHeaderSize), crc);
    }

    private static List<DecodedEvent> Decode(string path, BatchLocation batch, ReadOnlyMemory<byte> payload, uint crc)
    {
        if (Crc32C.Compute(payload.Span) != crc)
        {
            throw new JournalCorruptException(path, batch.Offset, "batch checksum mismatch (the batch was altered or the disk returned bad data)");
        }

        try
        {
            return BatchCodec.Decode(payload);
        }
        catch (FormatException ex)
        {
            throw new JournalCorruptException(path, batch.Offset, "malformed batch: " + ex.Message);
        }
    }

    private SafeFileHandle ReadHandle(long segment)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed.IsCancellationRequested, this);
            if (!_readHandles.TryGetValue(segment, out var handle))
            {
                _readHandles[segment] = handle = File.OpenHandle(SegmentPath(segment), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            }

            return handle;
        }
    }

    /// <summary>Read-only instances: index batches another process appended since the last scan.</summary>
    private void Refresh()
    {
        if (!IsReadOnly || Recovery.Damage is not null || _disposed.IsCancellationRequested)
        {
            return;
        }

        lock (_gate)
        {
            while (true)
            {
                var current = _lastSegment;
                var nextExists = File.Exists(SegmentPath(current + 1));
                if (current > 0)
                {
                    var outcome = SegmentScanner.Scan(SegmentPath(current), current, isLast: !nextExists, _scanEnd, _index);
                    _scanEnd = outcome.ValidEnd;
                    if (outcome.Damage is { } damage)
                    {
                        Recovery = Recovery with { Damage = damage };
                        Log.DamageSalvaged(_logger, damage.Path, damage.Offset, damage.Problem);
                        break;
                    }
                }

                if (!nextExists)
                {
                    break;
                }

                _lastSegment = current + 1;
                _scanEnd = 0;
            }

            _visible = _index.LastPosition;
        }

        _signal.Pulse();
    }
}
