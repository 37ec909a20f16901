using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Vigil.Daemon.Quorum;

/// <summary>
/// Observes the node's quorum on a dedicated thread every detector tick (thread-pool starvation must not look like
/// a pause) and keeps its <see cref="QuorumLease"/>. With <c>quorum = none</c> there is no lease: it is always held.
/// </summary>
internal sealed partial class QuorumWatch(QuorumSettings settings, Func<bool> quorate, ILogger logger)
{
    private Thread? _thread;

    public QuorumLease Lease { get; } = new(settings, Stopwatch.GetTimestamp(), Stopwatch.Frequency);

    public QuorumSettings Settings => settings;

    /// <summary>Raised on the watch thread when the lease lapses or is regained (handlers must not block).</summary>
    public event Action<LeaseChange>? Changed;

    public void Start(CancellationToken stopping)
    {
        if (settings.Mode == QuorumMode.None)
        {
            Log.NoQuorum(logger);
            return;
        }

        _thread = new Thread(() => Run(stopping)) { IsBackground = true, Priority = ThreadPriority.Highest, Name = "vigil-quorum" };
        _thread.Start();
    }

    private void Run(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var change = Lease.Observe(Stopwatch.GetTimestamp(), quorate());
            if (change == LeaseChange.Lapsed)
            {
                Log.Lapsed(logger, Lease.LastLapseReason, settings.LossAction.ToString().ToLowerInvariant(), (long)settings.ActionBudget.TotalMilliseconds);
            }
            else if (change == LeaseChange.Regained)
            {
                Log.Regained(logger);
            }

            if (change != LeaseChange.None)
            {
                Changed?.Invoke(change);
            }

            stopping.WaitHandle.WaitOne(settings.Tick);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1400, LogLevel.Warning, "quorum = none: this node keeps its resources without a majority (no lease, no quorum-loss action); a partition is not protected against")]
        public static partial void NoQuorum(ILogger logger);

        [LoggerMessage(1401, LogLevel.Warning, "lease LAPSED ({Reason}): quorum-loss action {Action}, to be done within {BudgetMs} ms")]
        public static partial void Lapsed(ILogger logger, string reason, string action, long budgetMs);

        [LoggerMessage(1402, LogLevel.Warning, "lease regained: a majority is heard again; acting only once caught up with the cluster's log")]
        public static partial void Regained(ILogger logger);
    }
}
