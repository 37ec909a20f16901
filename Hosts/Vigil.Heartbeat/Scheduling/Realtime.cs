using System.Runtime.InteropServices;

namespace Vigil.Heartbeat.Scheduling;

/// <summary>
/// Real-time round-robin scheduling for the beat threads and a locked address space, as Corosync does
/// (<c>SCHED_RR</c> + <c>mlockall</c>): a nice value only weighs a thread against others, it does not bound how long
/// a runnable beat thread waits behind busy processes, and a page fault on the beat path can wait for reclaim.
/// Linux applies a scheduling policy per thread, so every beat thread calls <see cref="EnterCurrentThread"/>.
/// </summary>
internal static partial class Realtime
{
    private const int SchedRoundRobin = 2;

    // Threads the runtime creates later from a beat thread (socket engine, thread pool) must not inherit the
    // real-time policy: the runtime would raise them to the middle of the real-time range, above the beats.
    private const int ResetOnFork = 0x40000000;
    private const int LockCurrent = 1, LockFuture = 2, LockOnFault = 4;

    private static int _priority;
    private static int _refusedOnce;
    private static TextWriter _errors = TextWriter.Null;

    /// <summary>The SCHED_RR priority beat threads take (1–99), or 0 when real-time scheduling is off.</summary>
    public static int Priority => Volatile.Read(ref _priority);

    /// <summary>Turns real-time scheduling on for threads that enter from now on, and locks the process's memory.</summary>
    public static void Configure(int priority, TextWriter errors)
    {
        _errors = errors;
        Volatile.Write(ref _priority, priority);
        if (priority == 0 || !OperatingSystem.IsLinux())
        {
            return;
        }

        // MCL_ONFAULT locks pages as they are touched, so the runtime's large reservations cost nothing.
        if (MemoryLockAll(LockCurrent | LockFuture | LockOnFault) != 0)
        {
            errors.WriteLine($"vigil-heartbeat: cannot lock memory (errno {Marshal.GetLastPInvokeError()}); page faults may delay beats");
        }

        EnterCurrentThread();
    }

    /// <summary>Puts the calling thread under SCHED_RR at <see cref="Priority"/>; says once why when refused.</summary>
    public static void EnterCurrentThread()
    {
        var priority = Priority;
        if (priority == 0 || !OperatingSystem.IsLinux())
        {
            return;
        }

        var parameter = priority;
        if (SetScheduler(0, SchedRoundRobin | ResetOnFork, ref parameter) != 0 && Interlocked.Exchange(ref _refusedOnce, 1) == 0)
        {
            _errors.WriteLine($"vigil-heartbeat: real-time scheduling refused (errno {Marshal.GetLastPInvokeError()}); beating at nice −11");
        }
    }

    [LibraryImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static partial int SetScheduler(int thread, int policy, ref int priority);

    [LibraryImport("libc", EntryPoint = "mlockall", SetLastError = true)]
    private static partial int MemoryLockAll(int flags);
}
