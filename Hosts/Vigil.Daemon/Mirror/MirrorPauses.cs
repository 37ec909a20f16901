namespace Vigil.Daemon.Mirror;

/// <summary>
/// Pauses of sync targets that the control API is carrying out on this node. A pause commits the target's outdate mark
/// before its driver pauses the link, so for a moment the mark stands on a copy that still mirrors — which is exactly
/// what the watch lifts (a marked target mirroring again has resynced). The watch must leave such a mark alone: while
/// the pause runs, and when the status it acts on was read before the pause ended (it still showed the link mirroring).
/// </summary>
internal sealed class MirrorPauses
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, int> _running = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _endedAt = new(StringComparer.Ordinal);
    private long _epoch;

    /// <summary>Now, in pause ends: read before a status read, then passed to <see cref="MayLift"/>.</summary>
    public long Epoch
    {
        get
        {
            lock (_lock)
            {
                return _epoch;
            }
        }
    }

    /// <summary>Registers a pause of <paramref name="node"/>'s copy before its mark is proposed; disposing ends it.</summary>
    public IDisposable Begin(string mirror, string node)
    {
        var copy = Engine.State.ClusterState.MirrorCopy(mirror, node);
        lock (_lock)
        {
            _running[copy] = _running.GetValueOrDefault(copy) + 1;
        }

        return new Ending(this, copy);
    }

    /// <summary>
    /// Whether the watch may lift the mark on <paramref name="node"/>'s copy, acting on a status read after
    /// <paramref name="statusEpoch"/>: no pause of it runs, and none ended since that read began.
    /// </summary>
    public bool MayLift(string mirror, string node, long statusEpoch)
    {
        var copy = Engine.State.ClusterState.MirrorCopy(mirror, node);
        lock (_lock)
        {
            return !_running.ContainsKey(copy) && _endedAt.GetValueOrDefault(copy) <= statusEpoch;
        }
    }

    private void End(string copy)
    {
        lock (_lock)
        {
            if (--_running[copy] == 0)
            {
                _running.Remove(copy);
            }

            _endedAt[copy] = ++_epoch;
        }
    }

    private sealed class Ending(MirrorPauses pauses, string copy) : IDisposable
    {
        private int _done;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _done, 1) == 0)
            {
                pauses.End(copy);
            }
        }
    }
}
