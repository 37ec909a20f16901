namespace Vigil.Membership;

/// <summary>
/// vigild's copy of the path states, built only from the transitions the heartbeat process reports. Every path
/// starts DEAD; when the heartbeat process is gone, <see cref="Forget"/> makes every path DEAD again at once: a
/// state nobody is watching any more is not evidence that a peer is alive. Thread-safe (one writer, many readers).
/// </summary>
public sealed class PathBoard : IPathView
{
    private readonly Dictionary<(string Peer, string Path), PathState> _states = [];
    private readonly string[] _paths;
    private readonly Lock _lock = new();

    public PathBoard(IEnumerable<string> peers, IEnumerable<string> paths)
    {
        _paths = [.. paths];
        foreach (var peer in peers)
        {
            foreach (var path in _paths)
            {
                _states[(peer, path)] = PathState.Dead;
            }
        }
    }

    /// <summary>Applies a reported transition; returns the peer's change of reachability, if any. Unknown paths are ignored.</summary>
    public PeerTransition? Apply(PathTransition change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_lock)
        {
            if (!_states.ContainsKey((change.Peer, change.Path)))
            {
                return null;
            }

            var before = Reachable(change.Peer);
            _states[(change.Peer, change.Path)] = change.To;
            var after = Reachable(change.Peer);
            return before == after ? null : new PeerTransition(change.Peer, after);
        }
    }

    /// <summary>Makes every ALIVE path DEAD (the heartbeat process died) and returns the transitions that made.</summary>
    public IReadOnlyList<PathTransition> Forget(TimeSpan silence)
    {
        lock (_lock)
        {
            var alive = _states.Where(s => s.Value == PathState.Alive).Select(s => s.Key).ToList();
            foreach (var key in alive)
            {
                _states[key] = PathState.Dead;
            }

            return [.. alive.Select(k => new PathTransition(k.Peer, k.Path, PathState.Alive, PathState.Dead, silence))];
        }
    }

    public PathState StateOf(string peer, string path)
    {
        lock (_lock)
        {
            return _states[(peer, path)];
        }
    }

    public bool IsReachable(string peer)
    {
        lock (_lock)
        {
            return Reachable(peer);
        }
    }

    private bool Reachable(string peer) => _paths.Any(p => _states.TryGetValue((peer, p), out var s) && s == PathState.Alive);
}
