using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Vigil.Membership;

namespace Vigil.Daemon.Heartbeat;

/// <summary>The supervisor's two threads: the reader (transitions in, restarts) and the ticker (vigild is alive).</summary>
internal sealed partial class HeartbeatSupervisor
{
    private void Supervise(Process child)
    {
        while (true)
        {
            Read(child);
            if (_stop.IsCancellationRequested)
            {
                return; // vigild is stopping: its paths end with it, nothing to journal
            }

            var gone = Stopwatch.GetTimestamp();
            var reachable = config.Peers.Where(p => Board.IsReachable(p.Name)).ToList();
            foreach (var t in Board.Forget(TimeSpan.Zero))
            {
                PathChanged?.Invoke(t);
            }

            foreach (var peer in reachable)
            {
                PeerChanged?.Invoke(new PeerTransition(peer.Name, false));
            }

            Log.Died(logger, child.HasExited ? child.ExitCode : -1);
            child.Dispose();
            var next = Relaunch(gone);
            if (next is null)
            {
                return;
            }

            child = next;
        }
    }

    /// <summary>Reads the process's reports until its output ends (it exited, or was killed).</summary>
    private void Read(Process child)
    {
        try
        {
            while (child.StandardOutput.ReadLine() is { } line)
            {
                if (HeartbeatWire.ParsePath(line) is { } t)
                {
                    var peer = Board.Apply(t);
                    PathChanged?.Invoke(t);
                    if (peer is not null)
                    {
                        PeerChanged?.Invoke(peer);
                    }
                }
                else if (OnApplyAnswer(line))
                {
                    // A comm path plan was applied (or refused): ApplyAsync's caller journals it.
                }
                else if (line.StartsWith("stats ", StringComparison.Ordinal))
                {
                    LastStats = line[6..];
                    if (++_statsSeen % 6 == 0)
                    {
                        Log.Stats(logger, LastStats); // once a minute: the beat path's allocations stay visible
                    }
                }
                else
                {
                    Log.ChildSaid(logger, line);
                }
            }

            child.WaitForExit(TimeSpan.FromSeconds(2));
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The pipe broke: the same as an exit.
        }
    }

    /// <summary>Starts a new process (backing off on failure) until one runs or vigild stops.</summary>
    private Process? Relaunch(long since)
    {
        var backoff = config.Heartbeat.Interval;
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var (child, incarnation) = Launch();
                Log.Restarted(logger, child.Id, incarnation, (long)Stopwatch.GetElapsedTime(since).TotalMilliseconds);
                return child;
            }
            catch (Exception ex) when (ex is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                Log.RestartFailed(logger, ex.Message);
            }

            _stop.Token.WaitHandle.WaitOne(backoff);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, TimeSpan.TicksPerSecond * 5));
        }

        return null;
    }

    /// <summary>Ticks every interval; a tick is how the process knows vigild still runs (no tick, no beats).</summary>
    private void Tick()
    {
        while (!_stop.IsCancellationRequested)
        {
            Write(TickLine);

            _stop.Token.WaitHandle.WaitOne(config.Heartbeat.Interval);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1560, LogLevel.Information, "vigil-heartbeat started (pid {Pid}, incarnation {Incarnation}) on {Paths}")]
        public static partial void Started(ILogger logger, int pid, long incarnation, string paths);

        [LoggerMessage(1561, LogLevel.Error, "vigil-heartbeat exited (code {Code}): every path is DEAD until a new one has heard the peers")]
        public static partial void Died(ILogger logger, int code);

        [LoggerMessage(1562, LogLevel.Warning, "vigil-heartbeat restarted (pid {Pid}, incarnation {Incarnation}) {Ms} ms after the last one ended")]
        public static partial void Restarted(ILogger logger, int pid, long incarnation, long ms);

        [LoggerMessage(1563, LogLevel.Error, "vigil-heartbeat cannot be restarted: {Problem}; trying again")]
        public static partial void RestartFailed(ILogger logger, string problem);

        [LoggerMessage(1565, LogLevel.Information, "vigil-heartbeat stats (allocated bytes, gen0, gen1, gen2 collections, accepted, refused frames): {Stats}")]
        public static partial void Stats(ILogger logger, string stats);

        [LoggerMessage(1564, LogLevel.Warning, "vigil-heartbeat: {Line}")]
        public static partial void ChildSaid(ILogger logger, string line);
    }
}
