namespace Vigil.Membership;

/// <summary>
/// What the node host reads of failure detection: each path's state and whether a peer is reachable on any path.
/// The detector implements it where beats arrive; <see cref="PathBoard"/> mirrors it in vigild from the
/// transitions the heartbeat process reports.
/// </summary>
public interface IPathView
{
    /// <summary>The (peer, path) pairs watched now (the running comm paths this node ends).</summary>
    IReadOnlyList<(string Peer, string Path)> Watched { get; }

    /// <summary>The state of one path; DEAD for a path not watched.</summary>
    PathState StateOf(string peer, string path);

    bool IsReachable(string peer);
}
