using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Vigil.Daemon.Configuration;
using Vigil.Daemon.Lifecycle;
using Vigil.Membership;

namespace Vigil.Daemon.Heartbeat;

/// <summary>
/// Starts <c>vigil-heartbeat</c> (the comm paths and the failure detector in a small process of their own), hands it
/// the plan, ticks to it while vigild runs, and feeds the path transitions it reports into <see cref="Board"/>.
/// If the process dies, every path is DEAD at once (nobody is watching them any more) and a new one is started with
/// a new incarnation, so its frames are never taken for replays of the old one's. Dedicated threads, like the
/// beats themselves: a starved thread pool must not delay a verdict or a tick.
/// </summary>
internal sealed partial class HeartbeatSupervisor(NodeConfig config, ILogger logger) : IDisposable
{
    private static readonly byte[] TickLine = "tick\n"u8.ToArray();

    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private Process? _child;
    private Thread? _ticker;
    private Thread? _reader;
    private long _statsSeen;

    /// <summary>vigild's view of the paths: only what the heartbeat process reported, and all DEAD while it is down.</summary>
    public PathBoard Board { get; } = new(config.Peers.Select(p => p.Name), config.Paths);

    /// <summary>Called on the supervisor's reader thread for every path transition (reported, or forced by a death).</summary>
    public Action<PathTransition>? PathChanged { get; init; }

    /// <summary>Called on the reader thread when a peer becomes reachable or unreachable on every path.</summary>
    public Action<PeerTransition>? PeerChanged { get; init; }

    /// <summary>The last <c>stats</c> line of the current process (allocated bytes, collections, frames), or empty.</summary>
    public string LastStats { get; private set; } = string.Empty;

    /// <summary>How many times the heartbeat process has been (re)started.</summary>
    public int Starts { get; private set; }

    /// <summary>Starts the first heartbeat process and waits until its paths are open; a bad plan or a busy port throws.</summary>
    public void Start()
    {
        var (child, incarnation) = Launch();
        Log.Started(logger, child.Id, incarnation, string.Join(", ", config.Paths));
        _reader = new Thread(() => Supervise(child)) { IsBackground = true, Priority = ThreadPriority.Highest, Name = "vigil-heartbeat-reader" };
        _reader.Start();
        _ticker = new Thread(Tick) { IsBackground = true, Priority = ThreadPriority.Highest, Name = "vigil-heartbeat-tick" };
        _ticker.Start();
    }

    public void Dispose()
    {
        _stop.Cancel();
        Process? child;
        lock (_lock)
        {
            child = _child;
        }

        if (child is not null)
        {
            Stop(child);
        }

        _ticker?.Join(TimeSpan.FromSeconds(2));
        _reader?.Join(TimeSpan.FromSeconds(2));
        child?.Dispose();
        _stop.Dispose();
    }

    private (Process Child, long Incarnation) Launch()
    {
        var incarnation = Incarnation.Advance(config.DataDir);
        var info = HeartbeatBinary.StartInfo();
        Process child;
        try
        {
            child = Process.Start(info) ?? throw new IOException($"{info.FileName} did not start");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new IOException($"cannot start {info.FileName}: {ex.Message}", ex);
        }

        child.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrEmpty(e.Data))
            {
                Log.ChildSaid(logger, e.Data);
            }
        };
        child.BeginErrorReadLine();
        Plan(incarnation).Write(child.StandardInput);
        var first = child.StandardOutput.ReadLine();
        if (first != HeartbeatWire.Ready)
        {
            Stop(child);
            child.Dispose();
            throw new IOException($"vigil-heartbeat could not start: {first ?? "it exited without a word"}");
        }

        lock (_lock)
        {
            _child = child;
            Starts++;
        }

        SendCommitted();
        return (child, incarnation);
    }

    private HeartbeatPlan Plan(long incarnation) => new(
        config.KeyFile,
        config.ConfigVersion,
        incarnation,
        config.Local.Id,
        config.Heartbeat,
        config.OwnerStall,
        config.Paths,
        [.. config.Nodes.Select(n => new PlanNode(n.Id, n.Name, n.Udp, n.Tcp, n.Disk))])
    {
        RealtimePriority = config.HeartbeatRealtimePriority,
    };

    private static void Stop(Process child)
    {
        try
        {
            child.StandardInput.Close(); // the process exits when its input ends
            if (!child.WaitForExit(TimeSpan.FromSeconds(2)))
            {
                child.Kill();
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            // Already gone.
        }
    }
}
