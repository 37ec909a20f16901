namespace Vigil.Membership;

/// <summary>
/// Refuses frames from unknown senders, from another configuration version, and any frame not newer than the
/// newest accepted from its sender on the same path — ordered by (incarnation, sequence), so no clock is trusted.
/// Per path, because paths have different latencies: a frame on a slow path is not a replay of a newer frame
/// on a fast one. Thread-safe.
/// </summary>
/// <remarks>
/// The configuration version changes when a configuration change commits (<see cref="ChangeVersion"/>); nodes apply
/// it a few hundred milliseconds apart. For <c>grace</c> after our own change, frames of the version before it are
/// still accepted (the sender has not applied it yet), and frames one version ahead of ours are accepted for
/// <c>grace</c> from the first one seen (we have not applied it yet). Anything else, or longer, is refused: a node
/// that missed a change is outdated until it catches up.
/// </remarks>
public sealed class ReplayGuard(long configVersion, int senders, TimeSpan grace = default, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly long _graceTicks = (long)(grace.TotalSeconds * (time ?? TimeProvider.System).TimestampFrequency);
    private (long Incarnation, long Sequence)[] _newest = new (long, long)[senders * 256];
    private int _senders = senders;
    private readonly Lock _lock = new();
    private long _version = configVersion;
    private long _previous = configVersion;
    private long _changedAt = long.MinValue / 2;
    private long _aheadSince = long.MinValue / 2;
    private long _ahead = configVersion;

    public long ConfigVersion => Volatile.Read(ref _version);

    /// <summary>Makes <paramref name="version"/> current (a committed configuration change).</summary>
    public void ChangeVersion(long version)
    {
        lock (_lock)
        {
            if (version == _version)
            {
                return;
            }

            _previous = _version;
            _changedAt = _time.GetTimestamp();
            Volatile.Write(ref _version, version);
        }
    }

    /// <summary>Accepts frames from senders with ids below <paramref name="count"/> (a node joined).</summary>
    public void AllowSenders(int count)
    {
        lock (_lock)
        {
            if (count > _senders)
            {
                Array.Resize(ref _newest, count * 256);
                _senders = count;
            }
        }
    }

    public FrameVerdict Check(in HeartbeatFrame frame)
    {
        lock (_lock)
        {
            if (frame.ConfigVersion != _version && !InGrace(frame.ConfigVersion))
            {
                return frame.ConfigVersion < _version ? FrameVerdict.OutdatedConfig : FrameVerdict.NewerConfig;
            }

            if (frame.Sender >= _senders)
            {
                return FrameVerdict.UnknownSender;
            }

            var slot = (frame.Sender * 256) + frame.Path;
            var (inc, seq) = _newest[slot];
            if (frame.Incarnation < inc || (frame.Incarnation == inc && frame.Sequence <= seq))
            {
                return FrameVerdict.Replayed;
            }

            _newest[slot] = (frame.Incarnation, frame.Sequence);
            return FrameVerdict.Accepted;
        }
    }

    private bool InGrace(long version)
    {
        if (_graceTicks == 0)
        {
            return false;
        }

        var now = _time.GetTimestamp();
        if (version == _previous && _previous != _version)
        {
            return now - _changedAt < _graceTicks;
        }

        if (version == _version + 1)
        {
            if (_ahead != version)
            {
                _ahead = version;
                _aheadSince = now;
            }

            return now - _aheadSince < _graceTicks;
        }

        return false;
    }
}
