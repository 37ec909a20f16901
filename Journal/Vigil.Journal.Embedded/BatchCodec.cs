using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Vigil.Journal.Embedded;

/// <summary>
/// Encodes a batch as one record payload: first position and count, then per event its stream version, the
/// envelope fields in a fixed binary layout and the payload JSON from <see cref="EventSerializer"/>.
/// </summary>
internal static class BatchCodec
{
    public const int BatchHeaderSize = 12;

    public static byte[] Encode(long firstPosition, IReadOnlyList<EventEnvelope> events, IReadOnlyList<long> streamVersions, EventSerializer serializer)
    {
        var w = new ArrayBufferWriter<byte>(256 * Math.Max(1, events.Count));
        WriteInt64(w, firstPosition);
        WriteInt32(w, events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            WriteInt64(w, streamVersions[i]);
            WriteGuid(w, e.EventId);
            WriteInt64(w, e.Sequence);
            WriteInt64(w, e.Timestamp.UtcTicks);
            WriteInt64(w, e.Hlc.WallMilliseconds);
            WriteInt32(w, e.Hlc.Logical);
            WriteGuid(w, e.CorrelationId);
            w.Write([(byte)e.Kind, e.CausationId.HasValue ? (byte)1 : (byte)0]);
            if (e.CausationId is { } cause)
            {
                WriteGuid(w, cause);
            }

            WriteString(w, e.Node);
            WriteString(w, e.StreamId);
            WriteString(w, e.EventType);
            WriteString(w, e.PreviousHash);
            WriteString(w, e.Hash);
            WriteBytes(w, serializer.SerializeData(e.Data));
        }

        return w.WrittenSpan.ToArray();
    }

    /// <summary>Decodes a payload whose checksum already matched; throws <see cref="FormatException"/> when it is malformed anyway.</summary>
    public static List<DecodedEvent> Decode(ReadOnlyMemory<byte> payload)
    {
        var r = new Reader(payload);
        var first = r.Int64();
        var count = r.Int32();
        if (first < 1 || count < 1)
        {
            throw new FormatException($"batch header is invalid (first position {first}, count {count})");
        }

        var result = new List<DecodedEvent>(count);
        for (var i = 0; i < count; i++)
        {
            var streamVersion = r.Int64();
            var id = r.Guid();
            var seq = r.Int64();
            var ts = new DateTimeOffset(r.Int64(), TimeSpan.Zero);
            var hlc = new HlcTimestamp(r.Int64(), r.Int32());
            var corr = r.Guid();
            var kind = (EventKind)r.Byte();
            Guid? cause = r.Byte() == 1 ? r.Guid() : null;
            result.Add(new DecodedEvent(
                first + i, streamVersion, id, r.String(), seq, ts, hlc, corr, cause, kind,
                r.String(), r.String(), r.String(), r.String(), r.Bytes()));
        }

        if (!r.AtEnd)
        {
            throw new FormatException("batch payload has trailing bytes");
        }

        return result;
    }

    private static void WriteInt64(ArrayBufferWriter<byte> w, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(w.GetSpan(8), value);
        w.Advance(8);
    }

    private static void WriteInt32(ArrayBufferWriter<byte> w, int value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(w.GetSpan(4), value);
        w.Advance(4);
    }

    private static void WriteGuid(ArrayBufferWriter<byte> w, Guid value)
    {
        value.TryWriteBytes(w.GetSpan(16));
        w.Advance(16);
    }

    private static void WriteString(ArrayBufferWriter<byte> w, string value)
    {
        var length = Encoding.UTF8.GetByteCount(value);
        WriteInt32(w, length);
        Encoding.UTF8.GetBytes(value, w.GetSpan(length));
        w.Advance(length);
    }

    private static void WriteBytes(ArrayBufferWriter<byte> w, byte[] value)
    {
        WriteInt32(w, value.Length);
        w.Write(value);
    }

    /// <summary>Bounds-checked little-endian reader: a malformed payload is a <see cref="FormatException"/>, never an overrun.</summary>
    private struct Reader(ReadOnlyMemory<byte> payload)
    {
        private int _offset;

        public readonly bool AtEnd => _offset == payload.Length;

        public long Int64() => BinaryPrimitives.ReadInt64LittleEndian(Take(8).Span);

        public int Int32() => BinaryPrimitives.ReadInt32LittleEndian(Take(4).Span);

        public byte Byte() => Take(1).Span[0];

        public Guid Guid() => new(Take(16).Span);

        public string String() => Encoding.UTF8.GetString(Bytes().Span);

        public ReadOnlyMemory<byte> Bytes()
        {
            var length = Int32();
            return length < 0 ? throw new FormatException("negative field length") : Take(length);
        }

        private ReadOnlyMemory<byte> Take(int count)
        {
            if (count > payload.Length - _offset)
            {
                throw new FormatException("batch payload is shorter than its fields");
            }

            var slice = payload.Slice(_offset, count);
            _offset += count;
            return slice;
        }
    }
}
