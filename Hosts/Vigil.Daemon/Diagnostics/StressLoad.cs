using Microsoft.Extensions.Hosting;

namespace Vigil.Daemon.Diagnostics;

/// <summary>
/// Self-inflicted runtime stress for the false-DEAD benchmark (<c>VIGIL_STRESS=1</c>): forced blocking compacting
/// gen-2 collections over a churning heap, and a starved thread pool. Heartbeats run on dedicated threads with
/// preallocated buffers, so none of this may make a peer see a path DEAD. Never enabled by default.
/// </summary>
internal sealed class StressLoad : BackgroundService
{
    public static bool Requested => Environment.GetEnvironmentVariable("VIGIL_STRESS") == "1";

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var gc = new Thread(() =>
        {
            var keep = new List<byte[]>();
            var next = Environment.TickCount64;
            while (!stoppingToken.IsCancellationRequested)
            {
                keep.Add(new byte[256 * 1024]);
                if (keep.Count > 400)
                {
                    keep.RemoveRange(0, 200);
                }

                if (Environment.TickCount64 >= next)
                {
                    GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
                    next = Environment.TickCount64 + 200;
                }
            }
        })
        { IsBackground = true, Name = "vigil-stress-gc" };
        gc.Start();

        // Starve the pool: far more blocking work items than threads, forever re-queued.
        for (var i = 0; i < 64; i++)
        {
            ThreadPool.QueueUserWorkItem(Block, stoppingToken, preferLocal: false);
        }

        return Task.CompletedTask;

        static void Block(CancellationToken token)
        {
            if (token.IsCancellationRequested)
            {
                return;
            }

            token.WaitHandle.WaitOne(200);
            ThreadPool.QueueUserWorkItem(Block, token, preferLocal: false);
        }
    }
}
