using Vigil.Daemon.Configuration;
using Vigil.Membership;

namespace Vigil.Daemon.CommPaths;

/// <summary>
/// Builds this node's outgoing frames: one incarnation per process start, one sequence across all paths, and the
/// configuration version this node's comm paths currently match (it changes with each committed configuration change).
/// </summary>
internal sealed class FrameSource(NodeConfig config, ClusterKey key, long incarnation)
{
    private long _sequence;
    private long _version = config.ConfigVersion;

    public long Incarnation { get; } = incarnation;

    public long ConfigVersion
    {
        get => Volatile.Read(ref _version);
        set => Volatile.Write(ref _version, value);
    }

    public void Next(Span<byte> buffer, byte path) =>
        HeartbeatCodec.Write(buffer, new HeartbeatFrame(ConfigVersion, config.Local.Id, Incarnation, Interlocked.Increment(ref _sequence), path), key);
}
