using System.Collections.Concurrent;

namespace Vigil.Membership;

/// <summary>
/// Per-path failure detection for every peer of this node, with hysteresis. <see cref="OnBeat"/> is called from
/// receive threads (lock-free, allocation-free); <see cref="Evaluate"/> from one detector thread, which gets the
/// transitions. A DEAD path turns ALIVE only after <see cref="HeartbeatProfile.AliveAfter"/> consecutive beats; an
/// ALIVE path turns DEAD after <see cref="HeartbeatProfile.Deadline"/> of silence, but not while its peer is in its
/// start-up grace (<see cref="HeartbeatProfile.Grace"/> from the first beat of a new incarnation).
/// The set of (peer, path) slots can change while running (<see cref="Reconfigure"/>): kept slots keep their
/// state, a removed slot just goes (a deleted path is not a dead one), a new one starts DEAD without a transition.
/// </summary>
public sealed class FailureDetector : IPathView
{
    private const long Never = long.MinValue;

    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Peer> _peers = new(StringComparer.Ordinal);
    private readonly long _deadlineTicks;
    private readonly long _graceTicks;
    private readonly int _aliveAfter;
    private Layout _layout;
    private Layout? _evaluated;

    public FailureDetector(HeartbeatProfile profile, IEnumerable<string> peers, IEnumerable<string> paths, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(time);
        Profile = profile;
        _time = time;
        _deadlineTicks = (long)(profile.Deadline.TotalSeconds * time.TimestampFrequency);
        _graceTicks = (long)(profile.Grace.TotalSeconds * time.TimestampFrequency);
        _aliveAfter = profile.AliveAfter;
        var pathList = paths.ToArray();
        var peerList = peers.ToArray();
        _layout = Layout.Build([.. peerList.SelectMany(peer => pathList.Select(path => (peer, path)))], null, PeerOf);
        _evaluated = _layout;
    }

    public HeartbeatProfile Profile { get; }

    /// <summary>The (peer, path) pairs watched now.</summary>
    public IReadOnlyList<(string Peer, string Path)> Watched => [.. Volatile.Read(ref _layout).Slots.Select(s => (s.Owner.Name, s.Path))];

    /// <summary>
    /// Watches exactly <paramref name="slots"/> from now on. Safe from any thread; takes effect at once for beats.
    /// A peer keeps its incarnation and grace across reconfigurations.
    /// </summary>
    public void Reconfigure(IEnumerable<(string Peer, string Path)> slots)
    {
        ArgumentNullException.ThrowIfNull(slots);
        Volatile.Write(ref _layout, Layout.Build([.. slots.Distinct()], Volatile.Read(ref _layout), PeerOf));
    }

    /// <summary>Records an accepted beat of the peer's <paramref name="incarnation"/>. Safe from any thread; allocation-free.</summary>
    public void OnBeat(string peer, string path, long incarnation)
    {
        var layout = Volatile.Read(ref _layout);
        if (!layout.Index.TryGetValue((peer, path), out var i))
        {
            return;
        }

        var now = _time.GetTimestamp();
        var slot = layout.Slots[i];
        if (Volatile.Read(ref slot.Owner.Incarnation) != incarnation)
        {
            // A new life of the peer (or the first one this node hears): not judged until it has settled.
            Volatile.Write(ref slot.Owner.GraceUntil, now + _graceTicks);
            Volatile.Write(ref slot.Owner.Incarnation, incarnation);
        }

        var previous = Interlocked.Exchange(ref slot.LastBeat, now);
        if (previous == Never || now - previous > _deadlineTicks)
        {
            Volatile.Write(ref slot.Streak, 1);
        }
        else
        {
            Interlocked.Increment(ref slot.Streak);
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
            var silent = last == Never || silence > _deadlineTicks;
            var state = slot.State;
            if (state == PathState.Alive && silent && now >= Volatile.Read(ref slot.Owner.GraceUntil))
            {
                state = PathState.Dead;
            }
            else if (state == PathState.Dead && !silent && Volatile.Read(ref slot.Streak) >= _aliveAfter)
            {
                state = PathState.Alive;
            }

            if (state != slot.State)
            {
                (paths ??= []).Add(new PathTransition(slot.Owner.Name, slot.Path, slot.State, state,
                    state == PathState.Dead ? TimeSpan.FromSeconds(silence / (double)_time.TimestampFrequency) : TimeSpan.Zero));
                slot.State = state;
            }
        }

        if (paths is null && !reshaped)
        {
            return ([], []);
        }

        List<PeerTransition>? peers = null;
        foreach (var peer in _peers.Values)
        {
            var reachable = layout.Slots.Any(s => s.Owner == peer && s.State == PathState.Alive);
            if (reachable != peer.Reachable)
            {
                peer.Reachable = reachable;
                (peers ??= []).Add(new PeerTransition(peer.Name, reachable));
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

    public bool IsReachable(string peer) => _peers.TryGetValue(peer, out var p) && p.Reachable;

    private Peer PeerOf(string name) => _peers.GetOrAdd(name, static n => new Peer(n));

    private sealed class Peer(string name)
    {
        public long Incarnation = long.MinValue;
        public long GraceUntil = long.MinValue;

        public string Name { get; } = name;

        public bool Reachable { get; set; }
    }

    private sealed class Layout(Slot[] slots, Dictionary<(string Peer, string Path), int> index)
    {
        public Slot[] Slots { get; } = slots;

        public Dictionary<(string Peer, string Path), int> Index { get; } = index;

        public static Layout Build(IReadOnlyList<(string Peer, string Path)> keys, Layout? previous, Func<string, Peer> peerOf)
        {
            var slots = new Slot[keys.Count];
            var index = new Dictionary<(string Peer, string Path), int>();
            for (var i = 0; i < keys.Count; i++)
            {
                // A path starts DEAD without a transition: a peer that has not started yet is not a failure.
                // Its beats make the path ALIVE; only an ALIVE path can be found DEAD.
                slots[i] = previous is not null && previous.Index.TryGetValue(keys[i], out var kept)
                    ? previous.Slots[kept]
                    : new Slot(peerOf(keys[i].Peer), keys[i].Path);
                index[keys[i]] = i;
            }

            return new Layout(slots, index);
        }
    }

    private sealed class Slot(Peer owner, string path)
    {
        public long LastBeat = Never;
        public int Streak;

        public Peer Owner { get; } = owner;

        public string Path { get; } = path;

        public PathState State { get; set; } = PathState.Dead;
    }
}
