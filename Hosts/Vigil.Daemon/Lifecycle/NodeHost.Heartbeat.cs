using Microsoft.Extensions.Logging;
using Vigil.Daemon.Heartbeat;
using Vigil.Engine.Commands;
using Vigil.Membership;

namespace Vigil.Daemon.Lifecycle;

/// <summary>
/// The <see cref="NodeStage.CommPaths"/> stage: the comm paths and the failure detector run in vigil-heartbeat, a
/// small process vigild starts and supervises (<see cref="HeartbeatSupervisor"/>). vigild journals the path
/// transitions it reports, and the membership coordinator and the lease read them from its <see cref="PathBoard"/>.
/// </summary>
internal sealed partial class NodeHost
{
    private HeartbeatSupervisor? _heartbeat;

    /// <summary>The path states as vigild knows them (null before the comm path stage).</summary>
    public IPathView? Paths => _heartbeat?.Board;

    private void StartHeartbeat()
    {
        _heartbeat = new HeartbeatSupervisor(config, loggers.CreateLogger<HeartbeatSupervisor>())
        {
            PathChanged = p =>
            {
                Log.PathChanged(logger, p.Path, p.Peer, p.To.ToString().ToUpperInvariant(), (long)p.Silence.TotalMilliseconds);
                _observations.Writer.TryWrite(new MembershipInputs.ReportPathState(config.LocalNode, p.Peer, p.Path, p.To == PathState.Alive, (long)p.Silence.TotalMilliseconds));
            },
            PeerChanged = peer =>
            {
                Log.PeerChanged(logger, peer.Peer, peer.Reachable ? "reachable" : "UNREACHABLE on every path");
                _coordinator?.Nudge();
            },
        };
        _heartbeat.Start();
        StartReconcilingCommPaths();
        Log.StageDone(logger, NodeStage.CommPaths, $"{string.Join(", ", config.Paths)} in vigil-heartbeat from the configuration file, version {config.ConfigVersion}, beating while vigild ticks (stall limit {config.OwnerStall.TotalMilliseconds} ms)");
    }

    private void StopHeartbeat()
    {
        _heartbeat?.Dispose();
        _heartbeat = null;
    }
}
