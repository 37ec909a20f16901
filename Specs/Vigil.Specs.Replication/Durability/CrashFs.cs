using System.Buffers.Binary;
using Vigil.Specs.Replication.Support;

namespace Vigil.Specs.Replication.Durability;

/// <summary>
/// The spec side of crashfs.c (an LD_PRELOAD layer): builds the library with gcc, and after the
/// processes are killed, rolls every volume back to its last fdatasync by applying its undo log
/// backwards — what a power loss would leave on a disk with a volatile write cache.
/// </summary>
internal static class CrashFs
{
    public static async Task<string> BuildAsync(string directory)
    {
        var library = Path.Combine(directory, "crashfs.so");
        var source = Path.Combine(AppContext.BaseDirectory, "Durability", "crashfs.c");
        await Tool.CheckAsync("gcc", "-shared", "-fPIC", "-O2", "-o", library, source, "-ldl");
        return library;
    }

    /// <summary>Undoes every write not covered by an fdatasync; returns how many writes were discarded.</summary>
    public static int RollBack(string volume)
    {
        var undo = volume + ".undo";
        if (!File.Exists(undo))
        {
            return 0;
        }

        var log = File.ReadAllBytes(undo);
        var records = new List<(long Offset, int Start, int Length)>();
        for (var at = 0; at + 12 <= log.Length;)
        {
            var offset = BinaryPrimitives.ReadInt64LittleEndian(log.AsSpan(at));
            var length = BinaryPrimitives.ReadInt32LittleEndian(log.AsSpan(at + 8));
            if (at + 12 + length > log.Length)
            {
                break; // torn last record: its write never happened either
            }

            records.Add((offset, at + 12, length));
            at += 12 + length;
        }

        using var handle = File.OpenHandle(volume, FileMode.Open, FileAccess.Write);
        for (var i = records.Count - 1; i >= 0; i--)
        {
            RandomAccess.Write(handle, log.AsSpan(records[i].Start, records[i].Length), records[i].Offset);
        }

        File.Delete(undo);
        return records.Count;
    }
}
