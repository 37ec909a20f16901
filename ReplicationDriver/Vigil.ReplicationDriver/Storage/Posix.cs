using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Vigil.ReplicationDriver.Storage;

/// <summary>The few libc calls .NET does not expose: fdatasync (durability without metadata) and lseek (block device size).</summary>
internal static unsafe partial class Posix
{
    private const int SeekEnd = 2;

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

    [LibraryImport("libc", EntryPoint = "lseek", SetLastError = true)]
    private static partial long NativeLseek(SafeFileHandle fd, long offset, int whence);
}
