using System.Buffers.Binary;
using System.Numerics;

namespace Vigil.Journal.Embedded;

/// <summary>CRC-32C (Castagnoli) over <see cref="BitOperations.Crc32C(uint, ulong)"/>: hardware-accelerated where the CPU has it, no package needed.</summary>
internal static class Crc32C
{
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        return ~crc;
    }
}
