using Vigil.ReplicationDriver.Mirrors;

namespace Vigil.ReplicationDriver.Nbd;

/// <summary>What an NBD export serves: the primary copy of a mirror.</summary>
internal interface IBlockDevice
{
    string Name { get; }

    long Size { get; }

    /// <summary>Blocks while writes are suspended (a sync target lost and not yet outdated); false when the export closes.</summary>
    bool WaitWritable(CancellationToken ct);

    void Read(Span<byte> buffer, long offset);

    /// <summary>Writes locally and ships to targets; adds a party to <paramref name="completion"/> per thing still pending.</summary>
    void Write(long offset, ReadOnlySpan<byte> data, bool fua, IoCompletion completion);

    /// <summary>Discards a range on every copy (reads return zeros afterwards); ordered with writes like a write.</summary>
    void Trim(long offset, long length, bool fua, IoCompletion completion);

    /// <summary>Makes every completed write durable locally (and on every sync target).</summary>
    void Flush(IoCompletion completion);
}
