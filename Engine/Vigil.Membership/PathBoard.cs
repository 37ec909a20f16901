namespace Vigil.Membership;

/// <summary>
/// vigild's copy of the path states, built only from the transitions the heartbeat process reports. Every path
/// starts DEAD; when the heartbeat process is gone, <see cref="Forget"/> makes every path DEAD again at once: a
/// state nobody is watching any more is not evidence that a peer is alive. The watched set follows the committed
/// comm paths (<see cref="Reconfigure"/>). Thread-safe (one writer, many readers).
/// </summary>
public sealed class PathBoard : IPathView
{
    private readonly Dictionary<(string Peer, string Path), PathState> _states = [];
    private readonly Lock _lock = new();

    public PathBoard(IEnumerable<string> peers, IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(peers);
        var pathList = paths.ToArray();
        foreach (var peer in peers)
        {
            foreach (var path in pathList)
            {
                _states[(peer, path)] = PathState.Dead;
            }
        }
    }

    public IReadOnlyList<(string Peer, string Path)> Watched
    {
        get
        {
            lock (_lock)
            {
                return [.. _states.Keys];
            }
        }
    }

    /// <summary>
    /// Watches exactly <paramref name="slots"/> from now on: kept paths keep their state, a removed one just goes (a
    /// deleted path is not a dead one), a new one starts DEAD until the heartbeat process reports it. Returns the
    /// peers whose reachability that changed (their only ALIVE path was removed).
    /// </summary>
    public IReadOnlyList<PeerTransition> Reconfigure(IEnumerable<(string Peer, string Path)> slots)
    {
        ArgumentNullException.ThrowIfNull(slots);
        lock (_lock)
        {
            var wanted = slots.ToHashSet();
            var peers = _states.Keys.Select(k => k.Peer).Concat(wanted.Select(w => w.Peer)).Distinct(StringComparer.Ordinal).ToList();
            var before = peers.ToDictionary(p => p, Reachable, StringComparer.Ordinal);
            foreach (var gone in _states.Keys.Where(k => !wanted.Contains(k)).ToList())
            {
                _states.Remove(gone);
            }

            foreach (var added in wanted)
            {
                _states.TryAdd(added, PathState.Dead);
            }

            return [.. peers.Where(p => Reachable(p) != before[p]).Select(p => new PeerTransition(p, Reachable(p)))];
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
            return _states.TryGetValue((peer, path), out var s) ? s : PathState.Dead;
        }
    }

    public bool IsReachable(string peer)
    {
        lock (_lock)
        {
            return Reachable(peer);
        }
    }

    private bool Reachable(string peer) => _states.Any(s => s.Key.Peer == peer && s.Value == PathState.Alive);
}
