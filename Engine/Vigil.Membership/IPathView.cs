namespace Vigil.Membership;

/// <summary>
/// What the node host reads of failure detection: each path's state and whether a peer is reachable on any path.
/// The detector implements it where beats arrive; <see cref="PathBoard"/> mirrors it in vigild from the
/// transitions the heartbeat process reports.
/// </summary>
public interface IPathView
{
    PathState StateOf(string peer, string path);

    bool IsReachable(string peer);
}
