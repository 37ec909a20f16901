using System.Runtime.InteropServices;

namespace Vigil.ReplicationDriver.Nbd;

/// <summary>
/// Asks the kernel's EEVDF scheduler (Linux 6.12+) for a short time slice (100 µs, the minimum) for the calling
/// thread. A durable NBD write sleeps two or three times in the kernel (data writeback, inode block, cache flush)
/// and is woken from the disk interrupt; on a busy machine each of those wake-ups waited for the running task's
/// whole slice (p50 0.9 ms, p90 4.9 ms measured with perf sched, see docs/performance.md). A shorter requested slice
/// gives the woken thread an earlier deadline, so it preempts instead of queueing. Policy and nice stay as they
/// were (SCHED_OTHER, 0): the thread gets no more CPU, only shorter turns. Best effort: older kernels ignore it.
/// </summary>
internal static partial class SchedulerSlice
{
    private const long ShortSliceNs = 100_000;

    public static bool RequestShort()
    {
        long number = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.X64 => 314,
            Architecture.Arm64 => 274,
            _ => -1,
        };
        if (number < 0 || !OperatingSystem.IsLinux())
        {
            return false;
        }

        var attr = new SchedAttr { Size = (uint)Marshal.SizeOf<SchedAttr>(), Policy = 0, Nice = 0, Runtime = ShortSliceNs };
        return NativeSyscall(number, 0, ref attr, 0) == 0;
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
