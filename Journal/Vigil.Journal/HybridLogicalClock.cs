namespace Vigil.Journal;

/// <summary>Hybrid logical clock (Kulkarni et al.) over an injected <see cref="TimeProvider"/>. Not thread-safe: one owner.</summary>
public sealed class HybridLogicalClock(TimeProvider time)
{
    private HlcTimestamp _last;

    public HlcTimestamp Last => _last;

    /// <summary>A stamp for a local event: never goes backwards, even when the wall clock does.</summary>
    public HlcTimestamp Now()
    {
        var wall = time.GetUtcNow().ToUnixTimeMilliseconds();
        _last = wall > _last.WallMilliseconds ? new HlcTimestamp(wall, 0) : _last with { Logical = _last.Logical + 1 };
        return _last;
    }

    /// <summary>Merges a stamp received from another node (or read from a journal) so later local stamps order after it.</summary>
    public HlcTimestamp Observe(HlcTimestamp remote)
    {
        var wall = time.GetUtcNow().ToUnixTimeMilliseconds();
        var max = Math.Max(wall, Math.Max(_last.WallMilliseconds, remote.WallMilliseconds));
        int logical;
        if (max == _last.WallMilliseconds && max == remote.WallMilliseconds)
        {
            logical = Math.Max(_last.Logical, remote.Logical) + 1;
        }
        else if (max == _last.WallMilliseconds)
        {
            logical = _last.Logical + 1;
        }
        else if (max == remote.WallMilliseconds)
        {
            logical = remote.Logical + 1;
        }
        else
        {
            logical = 0;
        }

        _last = new HlcTimestamp(max, logical);
        return _last;
    }
}
