namespace Vigil.Membership;

/// <summary>
/// Refuses frames from unknown senders, from another configuration version, and any frame not newer than the
/// newest accepted from its sender on the same path — ordered by (incarnation, sequence), so no clock is trusted.
/// Per path, because paths have different latencies: a frame on a slow path is not a replay of a newer frame
/// on a fast one. Thread-safe.
/// </summary>
public sealed class ReplayGuard(long configVersion, int senders)
{
    private readonly int _senders = senders;
    private readonly (long Incarnation, long Sequence)[] _newest = new (long, long)[senders * 256];
    private readonly Lock _lock = new();

    public long ConfigVersion { get; } = configVersion;

    public FrameVerdict Check(in HeartbeatFrame frame)
    {
        if (frame.ConfigVersion < ConfigVersion)
        {
            return FrameVerdict.OutdatedConfig;
        }

        if (frame.ConfigVersion > ConfigVersion)
        {
            return FrameVerdict.NewerConfig;
        }

        if (frame.Sender >= _senders)
        {
            return FrameVerdict.UnknownSender;
        }

        lock (_lock)
        {
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
}
