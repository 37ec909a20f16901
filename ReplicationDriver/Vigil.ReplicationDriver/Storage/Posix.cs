using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Vigil.ReplicationDriver.Storage;

/// <summary>The few libc calls .NET does not expose: fdatasync (durability without metadata), fallocate (trim) and lseek (block device size).</summary>
internal static unsafe partial class Posix
{
    private const int SeekEnd = 2;
    private const int FallocKeepSize = 1;
    private const int FallocPunchHole = 2;
    private const int EInval = 22;
    private const int ENoDev = 19;
    private const int EOpNotSupp = 95;

    // fdatasync is resolved through the global symbol scope (like a C program's call), not from the libc
    // handle: an LD_PRELOAD layer (the specs' crash simulator) must see every durability point.
    private static readonly delegate* unmanaged<int, int> NativeFdataSync =
        (delegate* unmanaged<int, int>)NativeLibrary.GetExport(NativeLibrary.GetMainProgramHandle(), "fdatasync");

    public static void FdataSync(SafeFileHandle handle)
    {
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            if (NativeFdataSync((int)handle.DangerousGetHandle()) != 0)
            {
                throw new IOException($"fdatasync failed: errno {Marshal.GetLastSystemError()}");
            }
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    public static long SizeBySeek(SafeFileHandle handle)
    {
        var size = NativeLseek(handle, 0, SeekEnd);
        return size >= 0 ? size : throw new IOException($"lseek failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>fallocate(PUNCH_HOLE | KEEP_SIZE); false when the file system or device cannot punch holes.</summary>
    public static bool TryPunchHole(SafeFileHandle handle, long offset, long length)
    {
        if (NativeFallocate(handle, FallocPunchHole | FallocKeepSize, offset, length) == 0)
        {
            return true;
        }

        var errno = Marshal.GetLastPInvokeError();
        return errno is EOpNotSupp or ENoDev or EInval ? false : throw new IOException($"fallocate(punch hole) failed: errno {errno}");
    }

    [LibraryImport("libc", EntryPoint = "fallocate", SetLastError = true)]
    private static partial int NativeFallocate(SafeFileHandle fd, int mode, long offset, long length);

    [LibraryImport("libc", EntryPoint = "lseek", SetLastError = true)]
    private static partial long NativeLseek(SafeFileHandle fd, long offset, int whence);
}
