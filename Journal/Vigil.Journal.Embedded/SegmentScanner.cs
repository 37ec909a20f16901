using System.Globalization;

namespace Vigil.Journal.Embedded;

/// <summary>
/// Reads a segment record by record into the index, telling a torn tail (the last segment ends inside a batch:
/// a crash mid-append, ignored) from damage (anything else: a checksum mismatch, a garbled header, a truncated
/// earlier segment, a foreign file), which is reported with its file and byte offset.
/// </summary>
internal static class SegmentScanner
{
    public static ScanOutcome Scan(string path, long number, bool isLast, long startOffset, JournalIndex index)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        var length = file.Length;
        var offset = startOffset;
        if (offset == 0)
        {
            var header = ScanHeader(file, path, number, isLast, length, index);
            if (header is not null)
            {
                return header;
            }

            offset = SegmentFormat.HeaderSize;
        }

        Span<byte> recordHeader = stackalloc byte[SegmentFormat.RecordHeaderSize];
        while (offset < length)
        {
            var remaining = length - offset;
            if (remaining < SegmentFormat.RecordHeaderSize)
            {
                return Tail(path, offset, length, isLast, $"an incomplete record header ({remaining} of {SegmentFormat.RecordHeaderSize} bytes)");
            }

            ReadAt(file, offset, recordHeader);
            if (!SegmentFormat.TryReadRecordHeader(recordHeader, out var payloadLength, out var payloadCrc))
            {
                return isLast && IsZeroFrom(file, offset, length)
                    ? new ScanOutcome(offset, length, $"a zero-filled tail of {remaining} bytes", null)
                    : Damaged(path, offset, length, "record header checksum mismatch (garbled length)");
            }

            var end = offset + SegmentFormat.RecordHeaderSize + payloadLength;
            if (end > length)
            {
                return Tail(path, offset, length, isLast, string.Create(CultureInfo.InvariantCulture,
                    $"an incomplete batch ({remaining - SegmentFormat.RecordHeaderSize} of {payloadLength} payload bytes)"));
            }

            var payload = new byte[payloadLength];
            ReadAt(file, offset + SegmentFormat.RecordHeaderSize, payload);
            if (Crc32C.Compute(payload) != payloadCrc)
            {
                // A payload always ends with its last event's JSON ('}'), never a zero byte: a last batch that reaches the
                // end of the file with a zero-filled end is a write the file system extended but never completed.
                return isLast && end == length && payload[^1] == 0
                    ? new ScanOutcome(offset, length, "a batch whose end never reached the disk (zero-filled)", null)
                    : Damaged(path, offset, length, "batch checksum mismatch (the batch was altered or the disk returned bad data)");
            }

            List<DecodedEvent> events;
            try
            {
                events = BatchCodec.Decode(payload);
            }
            catch (FormatException ex)
            {
                return Damaged(path, offset, length, "malformed batch: " + ex.Message);
            }

            if (index.Validate(events) is { } problem)
            {
                return Damaged(path, offset, length, problem);
            }

            index.Add(new BatchLocation(events[0].Position, events.Count, number, offset, payloadLength), events);
            offset = end;
        }

        return new ScanOutcome(offset, length, null, null);
    }

    public static void ReadAt(FileStream file, long offset, Span<byte> buffer)
    {
        file.Position = offset;
        file.ReadExactly(buffer);
    }

    private static ScanOutcome? ScanHeader(FileStream file, string path, long number, bool isLast, long length, JournalIndex index)
    {
        Span<byte> header = stackalloc byte[SegmentFormat.HeaderSize];
        var present = (int)Math.Min(length, SegmentFormat.HeaderSize);
        ReadAt(file, 0, header[..present]);
        var magicPart = Math.Min(present, SegmentFormat.Magic.Length);
        if (!header[..magicPart].SequenceEqual(SegmentFormat.Magic[..magicPart]))
        {
            return Damaged(path, 0, length, "not a Vigil journal segment (bad magic number; expected 'VIGILJNL')");
        }

        if (present < SegmentFormat.HeaderSize)
        {
            // A crash while a new segment was being started: no batch was in it yet.
            return isLast
                ? new ScanOutcome(0, length, $"an incomplete segment header ({present} of {SegmentFormat.HeaderSize} bytes)", null)
                : Damaged(path, present, length, "segment is shorter than its header (truncated)");
        }

        if (SegmentFormat.ReadHeader(header, out var storedNumber, out var firstPosition) is { } problem)
        {
            return Damaged(path, 0, length, problem);
        }

        if (storedNumber != number)
        {
            return Damaged(path, 12, length, $"segment header says segment {storedNumber} but the file name says {number} (a renamed or copied file)");
        }

        if (firstPosition != index.LastPosition + 1)
        {
            return Damaged(path, 20, length,
                $"segment starts at position {firstPosition} but the journal before it ends at {index.LastPosition} (a segment is missing or was truncated)");
        }

        return null;
    }

    private static ScanOutcome Tail(string path, long offset, long length, bool isLast, string reason) =>
        isLast
            ? new ScanOutcome(offset, length, reason, null)
            : Damaged(path, offset, length, $"{reason} in a segment that is not the last one (the segment was truncated)");

    private static ScanOutcome Damaged(string path, long offset, long length, string problem) =>
        new(offset, length, null, new JournalCorruptException(path, offset, problem));

    private static bool IsZeroFrom(FileStream file, long offset, long length)
    {
        var buffer = new byte[64 * 1024];
        file.Position = offset;
        for (var left = length - offset; left > 0;)
        {
            var n = file.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (n <= 0 || buffer.AsSpan(0, n).ContainsAnyExcept((byte)0))
            {
                return false;
            }

            left -= n;
        }

        return true;
    }
}
