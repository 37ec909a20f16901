using Vigil.ReplicationDriver.Storage;

namespace Vigil.ReplicationDriver.Bitmap;

/// <summary>
/// The activity log: a persistent set of "hot" extents (4 MiB by default) that may hold writes not yet on
/// every peer. An extent is made durable in the log *before* the first write to it; after that, writes to it
/// cost nothing extra. After a crash every hot extent is treated as dirty for every peer, which is what
/// makes in-flight writes at the moment of a crash resync. Cleared on clean shutdown and when the mirror
/// cools it (periodically, once everything is durable everywhere or in a saved bitmap).
/// </summary>
internal sealed class ActivityLog : IDisposable
{
    private readonly byte[] hot;
    private readonly Microsoft.Win32.SafeHandles.SafeFileHandle handle;
    private readonly Lock gate = new();
    private int hotCount;

    public ActivityLog(string path, long volumeSize, int extentSize)
    {
        this.ExtentSize = extentSize;
        var extents = (volumeSize + extentSize - 1) / extentSize;
        this.hot = new byte[(extents + 7) / 8];
        this.handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite);
        var onDisk = RandomAccess.Read(this.handle, this.hot, 0);
        this.HotAtOpen = [];
        for (long e = 0; e < extents && (e >> 3) < onDisk; e++)
        {
            if ((this.hot[e >> 3] & (1 << (int)(e & 7))) != 0)
            {
                this.HotAtOpen.Add(e);
            }
        }

        this.hotCount = this.HotAtOpen.Count;
        if (onDisk < this.hot.Length)
        {
            RandomAccess.Write(this.handle, this.hot, 0);
            Posix.FdataSync(this.handle);
        }
    }

    public int ExtentSize { get; }

    /// <summary>Extents currently hot (durably marked since the last clear).</summary>
    public int HotCount => Volatile.Read(ref this.hotCount);

    /// <summary>Extents that were hot when the log was opened: non-empty means the last stop was a crash.</summary>
    public List<long> HotAtOpen { get; }

    /// <summary>Makes every extent of [offset, offset+length) hot, durably, before the caller writes there.</summary>
    public void Touch(long offset, int length)
    {
        var first = offset / this.ExtentSize;
        var last = (offset + Math.Max(length, 1) - 1) / this.ExtentSize;
        for (var e = first; e <= last; e++)
        {
            // Fast path without the lock: a hot extent never goes cold while the process runs.
            if ((Volatile.Read(ref this.hot[e >> 3]) & (1 << (int)(e & 7))) == 0)
            {
                this.MakeHot(e);
            }
        }
    }

    /// <summary>
    /// Clean shutdown or cooling: every write is durable here and on every peer, or recorded in a durably
    /// saved bitmap, so the log empties. The caller guarantees no write runs meanwhile.
    /// </summary>
    public void ClearDurably()
    {
        lock (this.gate)
        {
            Array.Clear(this.hot);
            RandomAccess.Write(this.handle, this.hot, 0);
            Posix.FdataSync(this.handle);
            this.hotCount = 0;
        }
    }

    public void Dispose() => this.handle.Dispose();

    private void MakeHot(long extent)
    {
        lock (this.gate)
        {
            var index = (int)(extent >> 3);
            var mask = (byte)(1 << (int)(extent & 7));
            if ((this.hot[index] & mask) != 0)
            {
                return;
            }

            this.hot[index] |= mask;
            RandomAccess.Write(this.handle, this.hot.AsSpan(index, 1), index);
            Posix.FdataSync(this.handle);
            this.hotCount++;
        }
    }
}
