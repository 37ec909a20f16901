namespace Vigil.Membership;

/// <summary>
/// Per-path failure detection for every peer of this node, with hysteresis. <see cref="OnBeat"/> is called from
/// receive threads (lock-free, allocation-free); <see cref="Evaluate"/> from one detector thread, which gets the
/// transitions. A DEAD path turns ALIVE only after <see cref="HeartbeatProfile.AliveAfter"/> consecutive beats; an
/// ALIVE path turns DEAD after <see cref="HeartbeatProfile.Deadline"/> of silence, but not while its peer is in its
/// start-up grace (<see cref="HeartbeatProfile.Grace"/> from the first beat of a new incarnation).
/// </summary>
public sealed class FailureDetector : IPathView
{
    private const long Never = long.MinValue;

    private readonly TimeProvider _time;
    private readonly Slot[] _slots;
    private readonly Peer[] _peers;
    private readonly Dictionary<(string Peer, string Path), int> _index;
    private readonly Dictionary<string, int> _peerIndex;
    private readonly long _deadlineTicks;
    private readonly long _graceTicks;
    private readonly int _aliveAfter;

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
        var slots = new List<Slot>();
        var peerList = new List<Peer>();
        _index = [];
        _peerIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var name in peers)
        {
            var peer = new Peer(name);
            _peerIndex[name] = peerList.Count;
            peerList.Add(peer);
            foreach (var path in pathList)
            {
                _index[(name, path)] = slots.Count;
                // A path starts DEAD without a transition: a peer that has not started yet is not a failure.
                // Its beats make the path ALIVE; only an ALIVE path can be found DEAD.
                slots.Add(new Slot(peer, path));
            }
        }

        _slots = [.. slots];
        _peers = [.. peerList];
    }

    public HeartbeatProfile Profile { get; }

    /// <summary>Records an accepted beat of the peer's <paramref name="incarnation"/>. Safe from any thread; allocation-free.</summary>
    public void OnBeat(string peer, string path, long incarnation)
    {
        if (!_index.TryGetValue((peer, path), out var i))
        {
            return;
        }

        var now = _time.GetTimestamp();
        var slot = _slots[i];
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
        var now = _time.GetTimestamp();
        List<PathTransition>? paths = null;
        foreach (var slot in _slots)
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

        if (paths is null)
        {
            return ([], []);
        }

        List<PeerTransition>? peers = null;
        foreach (var peer in _peers)
        {
            var reachable = _slots.Any(s => s.Owner == peer && s.State == PathState.Alive);
            if (reachable != peer.Reachable)
            {
                peer.Reachable = reachable;
                (peers ??= []).Add(new PeerTransition(peer.Name, reachable));
            }
        }

        return (paths, (IReadOnlyList<PeerTransition>?)peers ?? []);
    }

    public PathState StateOf(string peer, string path) => _slots[_index[(peer, path)]].State;

    public bool IsReachable(string peer) => _peers[_peerIndex[peer]].Reachable;

    private sealed class Peer(string name)
    {
        public long Incarnation = long.MinValue;
        public long GraceUntil = long.MinValue;

        public string Name { get; } = name;

        public bool Reachable { get; set; }
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
