using Vigil.Membership;

namespace Vigil.Heartbeat.CommPaths;

/// <summary>
/// Builds this node's outgoing frames: one incarnation per heartbeat process start, one sequence across all paths,
/// and the configuration version this node's comm paths currently match (it changes with each committed change).
/// Beats only while vigild is responsive: vigild ticks (<see cref="OnOwnerTick"/>), and once it has been silent for
/// longer than <see cref="HeartbeatPlan.OwnerStall"/> the node goes silent too, so a hung vigild is not kept alive.
/// </summary>
internal sealed class FrameSource(HeartbeatPlan plan, ClusterKey key)
{
    private readonly long _stallMs = (long)plan.OwnerStall.TotalMilliseconds;
    private long _sequence;
    private long _lastTick = Environment.TickCount64;
    private long _version = plan.ConfigVersion;

    public long Incarnation => plan.Incarnation;

    public long ConfigVersion
    {
        get => Volatile.Read(ref _version);
        set => Volatile.Write(ref _version, value);
    }

    /// <summary>vigild is alive and running: called on every tick line it writes.</summary>
    public void OnOwnerTick() => Volatile.Write(ref _lastTick, Environment.TickCount64);

    /// <summary>True while vigild has ticked recently enough for this node to be beaten for.</summary>
    public bool OwnerResponsive => Environment.TickCount64 - Volatile.Read(ref _lastTick) <= _stallMs;

    public void Next(Span<byte> buffer, byte path) =>
        HeartbeatCodec.Write(buffer, new HeartbeatFrame(ConfigVersion, plan.LocalId, plan.Incarnation, Interlocked.Increment(ref _sequence), path), key);
}
