using Microsoft.Win32.SafeHandles;

namespace Vigil.ReplicationDriver.Storage;

/// <summary>
/// The local copy of a mirror: a file or block device read and written with pread/pwrite
/// (RandomAccess: no shared file position, so calls from several threads never race).
/// </summary>
internal sealed class Volume : IDisposable
{
    private readonly SafeFileHandle handle;

    private Volume(SafeFileHandle handle, long size, string path)
    {
        this.handle = handle;
        this.Size = size;
        this.Path = path;
    }

    public long Size { get; }

    public string Path { get; }

    /// <summary>Opens (or creates sparse, when missing) the backing file; a block device keeps its own size.</summary>
    public static Volume Open(string path, long size)
    {
        var create = !File.Exists(path);
        var handle = File.OpenHandle(path, create ? FileMode.CreateNew : FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
        if (create)
        {
            RandomAccess.SetLength(handle, size);
        }

        var actual = RandomAccess.GetLength(handle);
        if (actual == 0)
        {
            actual = Posix.SizeBySeek(handle); // block devices report 0 through fstat
        }

        if (actual < size)
        {
            handle.Dispose();
            throw new InvalidOperationException($"volume {path} has {actual} bytes, the mirror needs {size}");
        }

        return new Volume(handle, size, path);
    }

    public void Read(Span<byte> buffer, long offset)
    {
        while (!buffer.IsEmpty)
        {
            var n = RandomAccess.Read(this.handle, buffer, offset);
            if (n <= 0)
            {
                buffer.Clear(); // past the end of a file shorter than the mirror: zeros
                return;
            }

            buffer = buffer[n..];
            offset += n;
        }
    }

    public void Write(ReadOnlySpan<byte> data, long offset) => RandomAccess.Write(this.handle, data, offset);

    /// <summary>
    /// Discards a range so that it reads as zeros: a punched hole (files, and block devices since Linux 4.9), else
    /// written zeros. Every copy does the same, so a trimmed range stays identical everywhere.
    /// </summary>
    public void Trim(long offset, long length)
    {
        if (Posix.TryPunchHole(this.handle, offset, length))
        {
            return;
        }

        Span<byte> zeros = stackalloc byte[4096];
        zeros.Clear();
        for (var end = offset + length; offset < end;)
        {
            var n = (int)Math.Min(zeros.Length, end - offset);
            RandomAccess.Write(this.handle, zeros[..n], offset);
            offset += n;
        }
    }

    /// <summary>fdatasync: every write completed before this call is on stable storage when it returns.</summary>
    public void FlushDurable()
    {
        var shortened = SchedulerSlice.Shorten(); // woken by the disk inside: see SchedulerSlice
        try
        {
            Posix.FdataSync(this.handle);
        }
        finally
        {
            if (shortened)
            {
                SchedulerSlice.Restore();
            }
        }
    }

    public void Dispose() => this.handle.Dispose();
}
