namespace Vigil.Daemon.Quorum;

/// <summary>
/// A node's lease on its resources, on its own monotonic clock (no clock sync between nodes is assumed). It is held
/// while every observation finds the node in the quorate majority; it lapses at the first observation that does not,
/// or after a gap between observations longer than <see cref="QuorumSettings.ActionBudget"/> — a frozen or paused
/// vigild cannot know whether the majority declared it dead meanwhile, and beats buffered while it was frozen would
/// make the detector look healthy. At start it runs from the start: the node has the budget to hear a majority. Pure and single-threaded (one observer thread); readers see volatile fields.
/// </summary>
internal sealed class QuorumLease
{
    private readonly long _budget;
    private readonly long _start;
    private readonly long _frequency;
    private long _lastObservation;
    private bool _everQuorate;
    private volatile bool _held = true;
    private long _lapses;

    /// <param name="settings">The lease settings.</param>
    /// <param name="start">The timestamp the lease starts from (vigild's start: it has that long to hear a majority).</param>
    /// <param name="frequency">Timestamp ticks per second.</param>
    public QuorumLease(QuorumSettings settings, long start, long frequency)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _budget = (long)(settings.ActionBudget.TotalSeconds * frequency);
        _lastObservation = start;
        _start = start;
        _frequency = frequency;
    }

    /// <summary>True while the node may keep (and check, and recover) its resources.</summary>
    public bool IsHeld => _held;

    /// <summary>How many times the lease has lapsed: a reader compares it with the count it last handled.</summary>
    public long Lapses => Interlocked.Read(ref _lapses);

    /// <summary>Why it last lapsed (for logs).</summary>
    public string LastLapseReason { get; private set; } = string.Empty;

    /// <summary>Records one observation of the node's quorum at <paramref name="now"/>.</summary>
    public LeaseChange Observe(long now, bool quorate)
    {
        var gap = now - _lastObservation;
        _lastObservation = now;
        var paused = gap > _budget;
        _everQuorate |= quorate;
        if (!_everQuorate && !paused && now - _start <= _budget)
        {
            // Just started: the detector has not heard anyone yet. The lease runs from the start meanwhile.
            return LeaseChange.None;
        }

        if (_held && (paused || !quorate))
        {
            LastLapseReason = paused ? $"vigild did not run for {gap * 1000 / _frequency} ms, longer than the lease allows" : "quorum lost";
            Interlocked.Increment(ref _lapses);
            _held = false;
            return LeaseChange.Lapsed;
        }

        if (!_held && quorate && !paused)
        {
            _held = true;
            return LeaseChange.Regained;
        }

        return LeaseChange.None;
    }
}
