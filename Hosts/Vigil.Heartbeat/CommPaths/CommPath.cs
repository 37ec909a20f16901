using Vigil.Heartbeat.Scheduling;
using Vigil.Membership;

namespace Vigil.Heartbeat.CommPaths;

/// <summary>
/// One kind of comm path: a sender thread beating to every peer each interval and receivers feeding the sink.
/// Threads are dedicated (never the thread pool, which a busy kit host or a GC storm could starve) and buffers are
/// allocated once. One instance serves one <see cref="PathGroup"/>; a change of its peers replaces it.
/// </summary>
internal abstract class CommPath(PathGroup group, byte id, HeartbeatPlan config, FrameSource frames, HeartbeatSink sink) : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Thread> _threads = [];

    public string Name { get; } = group.Type;

    /// <summary>The local address and the peers this path beats to.</summary>
    public PathGroup Group { get; } = group;

    public byte Id { get; } = id;

    protected HeartbeatPlan Config { get; } = config;

    protected FrameSource Frames { get; } = frames;

    protected HeartbeatSink Sink { get; } = sink;

    protected CancellationToken Stopping => _stop.Token;

    public void Start()
    {
        Open();
        Spawn("send", SendLoop);
        StartReceivers();
    }

    public void Dispose()
    {
        _stop.Cancel();
        Close();
        foreach (var t in _threads)
        {
            t.Join(TimeSpan.FromSeconds(2));
        }

        _stop.Dispose();
    }

    protected abstract void Open();

    protected abstract void StartReceivers();

    /// <summary>Sends one frame to every peer; failures are swallowed (the peer will see silence).</summary>
    protected abstract void SendToPeers(Span<byte> frame);

    protected abstract void Close();

    protected void Spawn(string role, Action loop)
    {
        var thread = new Thread(() =>
        {
            Realtime.EnterCurrentThread();
            try
            {
                loop();
            }
            catch (Exception) when (Stopping.IsCancellationRequested)
            {
                // Closing the socket or file ends the blocking call; that is how the thread stops.
            }
        })
        {
            IsBackground = true,
            Priority = ThreadPriority.Highest,
            Name = $"vigil-{Name}-{role}",
        };
        _threads.Add(thread);
        thread.Start();
    }

    private void SendLoop()
    {
        var buffer = new byte[HeartbeatCodec.FrameSize];
        var interval = Config.Profile.Interval;
        var next = Environment.TickCount64;
        while (!Stopping.IsCancellationRequested)
        {
            if (Frames.OwnerResponsive)
            {
                Frames.Next(buffer, Id);
                SendToPeers(buffer);
            }

            next += (long)interval.TotalMilliseconds;
            var wait = next - Environment.TickCount64;
            if (wait < 0)
            {
                next = Environment.TickCount64; // fell behind (frozen, overloaded): beat now, do not burst
                wait = 0;
            }

            Stopping.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(wait));
        }
    }
}
