namespace Vigil.Kits.Mirror;

/// <summary>
/// Which chunks a deepCheck compares: every chunk of a small volume, otherwise the first, the last and random ones
/// (a different sample each check, so repeated checks cover the volume over time).
/// </summary>
internal static class ChunkSample
{
    /// <summary>The chunk size of the specs the kit and vigild build (the driver's default).</summary>
    public const int ChunkSize = 64 << 10;

    /// <summary>How many chunks one deepCheck compares per peer.</summary>
    public const int Size = 64;

    public static IReadOnlyList<long> Pick(long volumeBytes, Random random)
    {
        var count = (volumeBytes + ChunkSize - 1) / ChunkSize;
        if (count <= Size)
        {
            return [.. Enumerable.Range(0, (int)count).Select(c => (long)c)];
        }

        var picked = new SortedSet<long> { 0, count - 1 };
        while (picked.Count < Size)
        {
            picked.Add(random.NextInt64(count));
        }

        return [.. picked];
    }
}
