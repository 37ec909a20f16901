using System.Buffers.Binary;

namespace Vigil.ReplicationDriver.Peers;

/// <summary>
/// The 24-byte little-endian frame header: type u8, flags u8, reserved u16, payload length u32,
/// id u64 (matches an ack to its request), offset u64 (volume offset for data frames).
/// </summary>
internal readonly record struct FrameHeader(FrameType Type, byte Flags, int Length, ulong Id, long Offset)
{
    public const int Size = 24;
    public const byte FlagFua = 1;

    public void WriteTo(Span<byte> target)
    {
        target[0] = (byte)this.Type;
        target[1] = this.Flags;
        BinaryPrimitives.WriteUInt16LittleEndian(target[2..], 0);
        BinaryPrimitives.WriteInt32LittleEndian(target[4..], this.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(target[8..], this.Id);
        BinaryPrimitives.WriteInt64LittleEndian(target[16..], this.Offset);
    }

    public static FrameHeader Read(ReadOnlySpan<byte> source) => new(
        (FrameType)source[0],
        source[1],
        BinaryPrimitives.ReadInt32LittleEndian(source[4..]),
        BinaryPrimitives.ReadUInt64LittleEndian(source[8..]),
        BinaryPrimitives.ReadInt64LittleEndian(source[16..]));
}
