using Vigil.Daemon.Configuration;
using Vigil.Membership;

namespace Vigil.Daemon.CommPaths;

/// <summary>
/// Where every comm path delivers received frames: authenticates, refuses replays and outdated configurations,
/// and records accepted beats in the failure detector. Allocation-free; called from the receive threads.
/// </summary>
internal sealed class HeartbeatSink(NodeConfig config, ClusterKey key, FailureDetector detector)
{
    private readonly string[] _names = [.. config.Nodes.Select(n => n.Name)];

    // Nodes apply a committed change a few hundred ms apart (a follower learns the commit on the leader's next
    // append): frames one version apart are accepted for a few heartbeat deadlines around a change, never longer.
    private readonly ReplayGuard _guard = new(config.ConfigVersion, config.Nodes.Count, Grace(config));
    private readonly long[] _refused = new long[Enum.GetValues<FrameVerdict>().Length];

    public long Accepted => Interlocked.Read(ref _refused[(int)FrameVerdict.Accepted]);

    public long ConfigVersion => _guard.ConfigVersion;

    public long RefusedCount(FrameVerdict verdict) => Interlocked.Read(ref _refused[(int)verdict]);

    /// <summary>The configuration version frames must carry from now on.</summary>
    public void ChangeVersion(long version) => _guard.ChangeVersion(version);

    public FrameVerdict Deliver(ReadOnlySpan<byte> frame, string path)
    {
        var verdict = HeartbeatCodec.TryRead(frame, key, out var hb);
        if (verdict == FrameVerdict.Accepted)
        {
            verdict = hb.Sender == config.Local.Id ? FrameVerdict.UnknownSender : _guard.Check(hb);
        }

        Interlocked.Increment(ref _refused[(int)verdict]);
        if (verdict == FrameVerdict.Accepted)
        {
            detector.OnBeat(_names[hb.Sender], path);
        }

        return verdict;
    }

    private static TimeSpan Grace(NodeConfig config) =>
        TimeSpan.FromTicks(Math.Max(config.Heartbeat.Deadline.Ticks * 4, TimeSpan.FromSeconds(2).Ticks));
}
