using System.Runtime.InteropServices;

namespace Vigil.ReplicationDriver.Storage;

/// <summary>
/// Asks the kernel's EEVDF scheduler (Linux 6.12+) for a short time slice (100 µs, the minimum) for the calling thread
/// while it sits in fdatasync. An fdatasync sleeps two or three times (data writeback, the inode block, the cache
/// flush) and is woken from the disk interrupt each time; on a busy machine every such wake-up waited for the running
/// task's whole slice (p50 0.9 ms, p90 4.9 ms measured with perf sched, see docs/performance.md). With a shorter slice
/// the woken thread has the earlier deadline and preempts. Only around the fdatasync: a thread that keeps the short
/// slice is also preempted after every 100 µs of its own work, which cost the non-durable paths more than it saved.
/// Policy and nice stay as they were (SCHED_OTHER, 0). Best effort: kernels without custom slices refuse and it
/// stops trying. <c>VIGIL_REPD_FLUSH_SLICE_US</c> overrides the slice (0 turns it off: for A/B measurements).
/// </summary>
internal static partial class SchedulerSlice
{
    private static readonly long SliceNs = long.TryParse(Environment.GetEnvironmentVariable("VIGIL_REPD_FLUSH_SLICE_US"), out var us) && us >= 0
        ? us * 1000
        : 100_000;

    private static readonly long SyscallNumber = !OperatingSystem.IsLinux() ? -1 : RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 314,
        Architecture.Arm64 => 274,
        _ => -1,
    };

    private static volatile bool unsupported;

    /// <summary>Shortens the calling thread's slice; true when it did (then call <see cref="Restore"/>).</summary>
    public static bool Shorten()
    {
        // A real-time request thread already preempts; setting a slice would also put it back under SCHED_OTHER.
        if (unsupported || SliceNs == 0 || SyscallNumber < 0 || IoScheduling.IsCurrentThreadRealtime)
        {
            return false;
        }

        if (Set((ulong)SliceNs))
        {
            return true;
        }

        unsupported = true;
        return false;
    }

    /// <summary>Back to the kernel's default slice.</summary>
    public static void Restore() => Set(0);

    private static bool Set(ulong runtimeNs)
    {
        var attr = new SchedAttr { Size = (uint)Marshal.SizeOf<SchedAttr>(), Policy = 0, Nice = 0, Runtime = runtimeNs };
        return NativeSyscall(SyscallNumber, 0, ref attr, 0) == 0;
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial int NativeSyscall(long number, int pid, ref SchedAttr attr, uint flags);

    /// <summary>struct sched_attr, first version (48 bytes).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct SchedAttr
    {
        public uint Size;
        public uint Policy;
        public ulong Flags;
        public int Nice;
        public uint Priority;
        public ulong Runtime;
        public ulong Deadline;
        public ulong Period;
    }
}
