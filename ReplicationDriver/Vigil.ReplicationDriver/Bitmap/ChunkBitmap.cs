using System.Numerics;
using Vigil.ReplicationDriver.Storage;

namespace Vigil.ReplicationDriver.Bitmap;

/// <summary>
/// Dirty chunks of a volume for one peer: a set bit means "this chunk may differ on that peer and must be
/// resynced". Thread-safe (one lock; every operation is a few word operations). Persisted to its own file
/// by <see cref="Save"/>; the activity log covers bits set since the last save.
/// </summary>
internal sealed class ChunkBitmap
{
    private readonly ulong[] words;
    private readonly Lock gate = new();
    private long count;
    private bool changed;

    public ChunkBitmap(long volumeSize, int chunkSize)
    {
        this.ChunkSize = chunkSize;
        this.Chunks = (volumeSize + chunkSize - 1) / chunkSize;
        this.words = new ulong[(this.Chunks + 63) / 64];
    }

    public int ChunkSize { get; }

    public long Chunks { get; }

    public long Count => Volatile.Read(ref this.count);

    /// <summary>Marks every chunk touched by [offset, offset+length).</summary>
    public void SetRange(long offset, long length)
    {
        if (length <= 0)
        {
            return;
        }

        var first = offset / this.ChunkSize;
        var last = Math.Min((offset + length - 1) / this.ChunkSize, this.Chunks - 1);
        lock (this.gate)
        {
            for (var c = first; c <= last; c++)
            {
                this.SetLocked(c);
            }
        }
    }

    public void Set(long chunk)
    {
        lock (this.gate)
        {
            this.SetLocked(chunk);
        }
    }

    public void SetAll()
    {
        lock (this.gate)
        {
            for (long c = 0; c < this.Chunks; c++)
            {
                this.SetLocked(c);
            }
        }
    }

    public void ClearAll()
    {
        lock (this.gate)
        {
            Array.Clear(this.words);
            this.count = 0;
            this.changed = true;
        }
    }

    /// <summary>Clears a chunk; returns whether it was set.</summary>
    public bool Clear(long chunk)
    {
        lock (this.gate)
        {
            ref var w = ref this.words[chunk >> 6];
            var mask = 1UL << (int)(chunk & 63);
            if ((w & mask) == 0)
            {
                return false;
            }

            w &= ~mask;
            this.count--;
            this.changed = true;
            return true;
        }
    }

    /// <summary>The first set chunk at or after <paramref name="from"/>, wrapping once; -1 when none.</summary>
    public long FindNext(long from)
    {
        lock (this.gate)
        {
            if (this.count == 0)
            {
                return -1;
            }

            var found = this.Scan(from, this.Chunks);
            return found >= 0 ? found : this.Scan(0, from);
        }
    }

    public void Merge(ReadOnlySpan<byte> other)
    {
        lock (this.gate)
        {
            for (long c = 0; c < this.Chunks && (c >> 3) < other.Length; c++)
            {
                if ((other[(int)(c >> 3)] & (1 << (int)(c & 7))) != 0)
                {
                    this.SetLocked(c);
                }
            }
        }
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[(this.Chunks + 7) / 8];
        lock (this.gate)
        {
            for (long c = 0; c < this.Chunks; c++)
            {
                if ((this.words[c >> 6] & (1UL << (int)(c & 63))) != 0)
                {
                    bytes[c >> 3] |= (byte)(1 << (int)(c & 7));
                }
            }
        }

        return bytes;
    }

    /// <summary>Writes the bitmap to <paramref name="path"/> durably (temp file, fdatasync, rename) when it changed.</summary>
    public void Save(string path)
    {
        byte[] bytes;
        lock (this.gate)
        {
            if (!this.changed && File.Exists(path))
            {
                return;
            }

            this.changed = false;
            bytes = this.ToBytesLocked();
        }

        var temp = path + ".tmp";
        using (var handle = File.OpenHandle(temp, FileMode.Create, FileAccess.Write))
        {
            RandomAccess.Write(handle, bytes, 0);
            Posix.FdataSync(handle);
        }

        File.Move(temp, path, overwrite: true);
    }

    public void Load(string path)
    {
        if (File.Exists(path))
        {
            this.Merge(File.ReadAllBytes(path));
            lock (this.gate)
            {
                this.changed = false;
            }
        }
    }

    private byte[] ToBytesLocked()
    {
        var bytes = new byte[(this.Chunks + 7) / 8];
        for (long c = 0; c < this.Chunks; c++)
        {
            if ((this.words[c >> 6] & (1UL << (int)(c & 63))) != 0)
            {
                bytes[c >> 3] |= (byte)(1 << (int)(c & 7));
            }
        }

        return bytes;
    }

    private void SetLocked(long chunk)
    {
        ref var w = ref this.words[chunk >> 6];
        var mask = 1UL << (int)(chunk & 63);
        if ((w & mask) == 0)
        {
            w |= mask;
            this.count++;
            this.changed = true;
        }
    }

    private long Scan(long from, long to)
    {
        for (var i = from >> 6; i < this.words.Length && i << 6 < to; i++)
        {
            var w = this.words[i];
            if (i == from >> 6)
            {
                w &= ~0UL << (int)(from & 63);
            }

            if (w != 0)
            {
                var c = (i << 6) + BitOperations.TrailingZeroCount(w);
                return c < to ? c : -1;
            }
        }

        return -1;
    }
}
