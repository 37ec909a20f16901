using System.Runtime.InteropServices;

namespace Vigil.ReplicationDriver.Storage;

/// <summary>
/// Real-time round-robin scheduling (<c>SCHED_RR</c>, <c>--io-realtime-priority</c>, default 1) for the threads on
/// the request path: each NBD connection's thread, the source's acknowledgement receiver and the target's peer thread.
/// On a busy machine a thread woken by the disk or the network waited for the running task's slice (p50 ≈ 0.6 ms per
/// durable 4 KiB write against nbdkit's 0.05 ms in the same run, docs/performance.md); a real-time thread runs at once.
/// What keeps it from starving the machine: large transfers (≥ the offload threshold) and resync run on pool threads
/// at normal priority, the request threads block on every request, priority 1 sits below the heartbeat threads
/// (10), and the kernel's real-time throttling keeps 5 % of every CPU for normal tasks. <c>SCHED_RESET_ON_FORK</c>:
/// threads the runtime creates from a request thread (pool, socket engine) stay normal.
/// </summary>
internal static partial class IoScheduling
{
    /// <summary>The default: the lowest real-time priority, below vigil-heartbeat's beat threads.</summary>
    public const int DefaultPriority = 1;

    private const int SchedRoundRobin = 2;
    private const int ResetOnFork = 0x40000000;

    [ThreadStatic]
    private static bool realtimeThread;

    private static int priority;
    private static int refusedOnce;
    private static Action<string> refused = _ => { };

    /// <summary>True when the calling thread runs real-time: <see cref="SchedulerSlice"/> must then leave it alone.</summary>
    public static bool IsCurrentThreadRealtime => realtimeThread;

    /// <summary>Sets the priority request threads take from now on (0 = off); <paramref name="onRefused"/> hears once why the kernel refused.</summary>
    public static void Configure(int realtimePriority, Action<string> onRefused)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(realtimePriority);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(realtimePriority, 99);
        refused = onRefused;
        Volatile.Write(ref priority, realtimePriority);
    }

    /// <summary>Puts the calling request thread under SCHED_RR at the configured priority (nothing when 0).</summary>
    public static void EnterCurrentThread()
    {
        var value = Volatile.Read(ref priority);
        if (value == 0 || !OperatingSystem.IsLinux())
        {
            return;
        }

        if (SetScheduler(0, SchedRoundRobin | ResetOnFork, ref value) == 0)
        {
            realtimeThread = true;
        }
        else if (Interlocked.Exchange(ref refusedOnce, 1) == 0)
        {
            refused($"real-time scheduling refused (errno {Marshal.GetLastPInvokeError()}): request threads run at normal priority");
        }
    }

    [LibraryImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static partial int SetScheduler(int thread, int policy, ref int priority);
}
