namespace Vigil.Membership;

/// <summary>
/// Per-path failure detection for every peer of this node. <see cref="OnBeat"/> is called from receive threads
/// (lock-free, allocation-free); <see cref="Evaluate"/> from one detector thread, which gets the transitions.
/// </summary>
public sealed class FailureDetector
{
    private readonly TimeProvider _time;
    private readonly Slot[] _slots;
    private readonly Dictionary<(string Peer, string Path), int> _index;
    private readonly Dictionary<string, bool> _reachable;
    private readonly long _deadlineTicks;

    public FailureDetector(HeartbeatProfile profile, IEnumerable<string> peers, IEnumerable<string> paths, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(time);
        Profile = profile;
        _time = time;
        _deadlineTicks = (long)(profile.Deadline.TotalSeconds * time.TimestampFrequency);
        var pathList = paths.ToArray();
        var slots = new List<Slot>();
        _index = [];
        _reachable = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var peer in peers)
        {
            _reachable[peer] = false;
            foreach (var path in pathList)
            {
                _index[(peer, path)] = slots.Count;
                // A path starts DEAD without a transition: a peer that has not started yet is not a failure.
                // Its first accepted beat makes the path ALIVE; only an ALIVE path can be found DEAD.
                slots.Add(new Slot(peer, path));
            }
        }

        _slots = [.. slots];
    }

    public HeartbeatProfile Profile { get; }

    /// <summary>Records an accepted beat. Safe from any thread.</summary>
    public void OnBeat(string peer, string path)
    {
        if (_index.TryGetValue((peer, path), out var i))
        {
            Volatile.Write(ref _slots[i].LastBeat, _time.GetTimestamp());
        }
    }

    /// <summary>Finds the paths and peers whose state changed since the last call. One caller thread.</summary>
    public (IReadOnlyList<PathTransition> Paths, IReadOnlyList<PeerTransition> Peers) Evaluate()
    {
        var now = _time.GetTimestamp();
        List<PathTransition>? paths = null;
        foreach (var slot in _slots)
        {
            var last = Volatile.Read(ref slot.LastBeat);
            var silence = now - last;
            var state = last == Never || silence > _deadlineTicks ? PathState.Dead : PathState.Alive;
            if (state != slot.State)
            {
                (paths ??= []).Add(new PathTransition(slot.Peer, slot.Path, slot.State, state,
                    state == PathState.Dead ? TimeSpan.FromSeconds(silence / (double)_time.TimestampFrequency) : TimeSpan.Zero));
                slot.State = state;
            }
        }

        if (paths is null)
        {
            return ([], []);
        }

        List<PeerTransition>? peers = null;
        foreach (var peer in paths.Select(p => p.Peer).Distinct(StringComparer.Ordinal))
        {
            var reachable = _slots.Any(s => s.Peer == peer && s.State == PathState.Alive);
            if (reachable != _reachable[peer])
            {
                _reachable[peer] = reachable;
                (peers ??= []).Add(new PeerTransition(peer, reachable));
            }
        }

        return (paths, (IReadOnlyList<PeerTransition>?)peers ?? []);
    }

    public PathState StateOf(string peer, string path) => _slots[_index[(peer, path)]].State;

    public bool IsReachable(string peer) => _reachable[peer];

    private const long Never = long.MinValue;

    private sealed class Slot(string peer, string path)
    {
        public long LastBeat = Never;

        public string Peer { get; } = peer;

        public string Path { get; } = path;

        public PathState State { get; set; } = PathState.Dead;
    }
}
