using Vigil.Daemon.Configuration;
using Vigil.Membership;

namespace Vigil.Daemon.CommPaths;

/// <summary>Builds this node's outgoing frames: one incarnation per process start, one sequence across all paths.</summary>
internal sealed class FrameSource(NodeConfig config, ClusterKey key, long incarnation)
{
    private long _sequence;

    public long Incarnation { get; } = incarnation;

    public void Next(Span<byte> buffer, byte path) =>
        HeartbeatCodec.Write(buffer, new HeartbeatFrame(config.ConfigVersion, config.Local.Id, Incarnation, Interlocked.Increment(ref _sequence), path), key);
}
