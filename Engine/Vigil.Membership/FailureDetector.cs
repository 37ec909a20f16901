using System.Collections.Concurrent;

namespace Vigil.Membership;

/// <summary>
/// Per-path failure detection for every peer of this node. <see cref="OnBeat"/> is called from receive threads
/// (lock-free, allocation-free); <see cref="Evaluate"/> from one detector thread, which gets the transitions.
/// The set of (peer, path) slots can change while running (<see cref="Reconfigure"/>): kept slots keep their
/// state, a removed slot just goes (a deleted path is not a dead one), a new one starts DEAD without a transition.
/// </summary>
public sealed class FailureDetector
{
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, bool> _reachable = new(StringComparer.Ordinal);
    private readonly long _deadlineTicks;
    private Layout _layout;
    private Layout? _evaluated;

    public FailureDetector(HeartbeatProfile profile, IEnumerable<string> peers, IEnumerable<string> paths, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(time);
        Profile = profile;
        _time = time;
        _deadlineTicks = (long)(profile.Deadline.TotalSeconds * time.TimestampFrequency);
        var pathList = paths.ToArray();
        var peerList = peers.ToArray();
        foreach (var peer in peerList)
        {
            _reachable[peer] = false;
        }

        _layout = Layout.Build([.. peerList.SelectMany(peer => pathList.Select(path => (peer, path)))], null);
        _evaluated = _layout;
    }

    public HeartbeatProfile Profile { get; }

    /// <summary>The (peer, path) pairs watched now.</summary>
    public IReadOnlyList<(string Peer, string Path)> Watched => [.. Volatile.Read(ref _layout).Slots.Select(s => (s.Peer, s.Path))];

    /// <summary>Watches exactly <paramref name="slots"/> from now on. Safe from any thread; takes effect at once for beats.</summary>
    public void Reconfigure(IEnumerable<(string Peer, string Path)> slots)
    {
        ArgumentNullException.ThrowIfNull(slots);
        var list = slots.Distinct().ToArray();
        foreach (var (peer, _) in list)
        {
            _reachable.TryAdd(peer, false);
        }

        Volatile.Write(ref _layout, Layout.Build(list, Volatile.Read(ref _layout)));
    }

    /// <summary>Records an accepted beat. Safe from any thread.</summary>
    public void OnBeat(string peer, string path)
    {
        var layout = Volatile.Read(ref _layout);
        if (layout.Index.TryGetValue((peer, path), out var i))
        {
            Volatile.Write(ref layout.Slots[i].LastBeat, _time.GetTimestamp());
        }
    }

    /// <summary>Finds the paths and peers whose state changed since the last call. One caller thread.</summary>
    public (IReadOnlyList<PathTransition> Paths, IReadOnlyList<PeerTransition> Peers) Evaluate()
    {
        var layout = Volatile.Read(ref _layout);
        var reshaped = !ReferenceEquals(layout, _evaluated);
        _evaluated = layout;
        var now = _time.GetTimestamp();
        List<PathTransition>? paths = null;
        foreach (var slot in layout.Slots)
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

        if (paths is null && !reshaped)
        {
            return ([], []);
        }

        List<PeerTransition>? peers = null;
        var changed = reshaped ? _reachable.Keys.ToArray() : paths!.Select(p => p.Peer).Distinct(StringComparer.Ordinal);
        foreach (var peer in changed)
        {
            var reachable = layout.Slots.Any(s => s.Peer == peer && s.State == PathState.Alive);
            if (reachable != _reachable[peer])
            {
                _reachable[peer] = reachable;
                (peers ??= []).Add(new PeerTransition(peer, reachable));
            }
        }

        return ((IReadOnlyList<PathTransition>?)paths ?? [], (IReadOnlyList<PeerTransition>?)peers ?? []);
    }

    /// <summary>The state of one path; DEAD for a path not watched.</summary>
    public PathState StateOf(string peer, string path)
    {
        var layout = Volatile.Read(ref _layout);
        return layout.Index.TryGetValue((peer, path), out var i) ? layout.Slots[i].State : PathState.Dead;
    }

    public bool IsReachable(string peer) => _reachable.TryGetValue(peer, out var r) && r;

    private const long Never = long.MinValue;

    private sealed class Layout(Slot[] slots, Dictionary<(string Peer, string Path), int> index)
    {
        public Slot[] Slots { get; } = slots;

        public Dictionary<(string Peer, string Path), int> Index { get; } = index;

        public static Layout Build(IReadOnlyList<(string Peer, string Path)> keys, Layout? previous)
        {
            var slots = new Slot[keys.Count];
            var index = new Dictionary<(string Peer, string Path), int>();
            for (var i = 0; i < keys.Count; i++)
            {
                // A path starts DEAD without a transition: a peer that has not started yet is not a failure.
                // Its first accepted beat makes the path ALIVE; only an ALIVE path can be found DEAD.
                slots[i] = previous is not null && previous.Index.TryGetValue(keys[i], out var kept) ? previous.Slots[kept] : new Slot(keys[i].Peer, keys[i].Path);
                index[keys[i]] = i;
            }

            return new Layout(slots, index);
        }
    }

    private sealed class Slot(string peer, string path)
    {
        public long LastBeat = Never;

        public string Peer { get; } = peer;

        public string Path { get; } = path;

        public PathState State { get; set; } = PathState.Dead;
    }
}
