using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Vigil.Specs.Replication.Support;

/// <summary>Self-checking 4 KiB blocks: sequence number, offset, random fill, SHA-256 of the rest in the last 32 bytes.</summary>
internal static class SeqBlocks
{
    public const int Size = 4096;

    public static byte[] Make(long sequence, long offset)
    {
        var block = new byte[Size];
        BinaryPrimitives.WriteInt64LittleEndian(block, sequence);
        BinaryPrimitives.WriteInt64LittleEndian(block.AsSpan(8), offset);
        RandomNumberGenerator.Fill(block.AsSpan(16, Size - 48));
        SHA256.HashData(block.AsSpan(0, Size - 32), block.AsSpan(Size - 32));
        return block;
    }

    /// <summary>The block's sequence number, or -1 when the block is not intact.</summary>
    public static long Check(ReadOnlySpan<byte> block, long offset)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(block[..(Size - 32)], hash);
        return hash.SequenceEqual(block[(Size - 32)..]) && BinaryPrimitives.ReadInt64LittleEndian(block[8..]) == offset
            ? BinaryPrimitives.ReadInt64LittleEndian(block)
            : -1;
    }
}
