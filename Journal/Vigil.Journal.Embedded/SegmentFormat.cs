using System.Buffers.Binary;
using System.Globalization;

namespace Vigil.Journal.Embedded;

/// <summary>
/// The on-disk layout. A segment is a 32-byte header (magic, format version, segment number, first position,
/// header checksum) followed by records; a record is one whole batch: a 12-byte record header (payload length,
/// payload CRC-32C, CRC-32C of those 8 bytes) and the payload (see <see cref="BatchCodec"/>).
/// </summary>
internal static class SegmentFormat
{
    public const uint FormatVersion = 1;
    public const int HeaderSize = 32;
    public const int RecordHeaderSize = 12;
    public const int MaxPayloadLength = 256 * 1024 * 1024;
    public const string Extension = ".vjseg";
    public const string LockFileName = "journal.lock";

    public static ReadOnlySpan<byte> Magic => "VIGILJNL"u8;

    public static string FileName(long number) => number.ToString("D8", CultureInfo.InvariantCulture) + Extension;

    public static bool TryParseNumber(string fileName, out long number)
    {
        number = 0;
        return fileName.EndsWith(Extension, StringComparison.Ordinal)
            && long.TryParse(fileName.AsSpan(0, fileName.Length - Extension.Length), NumberStyles.None, CultureInfo.InvariantCulture, out number)
            && number > 0;
    }

    public static void WriteHeader(Span<byte> header, long number, long firstPosition)
    {
        header.Clear();
        Magic.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], FormatVersion);
        BinaryPrimitives.WriteInt64LittleEndian(header[12..], number);
        BinaryPrimitives.WriteInt64LittleEndian(header[20..], firstPosition);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], Crc32C.Compute(header[..28]));
    }

    /// <summary>Checks a segment header; returns the problem, or null when it is a valid header of this format.</summary>
    public static string? ReadHeader(ReadOnlySpan<byte> header, out long number, out long firstPosition)
    {
        number = 0;
        firstPosition = 0;
        if (!header[..8].SequenceEqual(Magic))
        {
            return "not a Vigil journal segment (bad magic number; expected 'VIGILJNL')";
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(header[28..]) != Crc32C.Compute(header[..28]))
        {
            return "segment header checksum mismatch";
        }

        var version = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        if (version != FormatVersion)
        {
            return string.Create(CultureInfo.InvariantCulture, $"unsupported journal format version {version} (this build reads version {FormatVersion})");
        }

        number = BinaryPrimitives.ReadInt64LittleEndian(header[12..]);
        firstPosition = BinaryPrimitives.ReadInt64LittleEndian(header[20..]);
        return null;
    }

    public static void WriteRecordHeader(Span<byte> header, ReadOnlySpan<byte> payload)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(header, (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], Crc32C.Compute(payload));
        BinaryPrimitives.WriteUInt32LittleEndian(header[8..], Crc32C.Compute(header[..8]));
    }

    /// <summary>Reads a record header; false when its own checksum fails (a garbled or zero-filled header).</summary>
    public static bool TryReadRecordHeader(ReadOnlySpan<byte> header, out int payloadLength, out uint payloadCrc)
    {
        var length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        payloadCrc = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        payloadLength = (int)Math.Min(length, int.MaxValue);
        return BinaryPrimitives.ReadUInt32LittleEndian(header[8..]) == Crc32C.Compute(header[..8])
            && length is >= BatchCodec.BatchHeaderSize and <= MaxPayloadLength;
    }
}
