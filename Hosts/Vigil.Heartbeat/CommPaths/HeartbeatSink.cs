using Vigil.Membership;

namespace Vigil.Heartbeat.CommPaths;

/// <summary>
/// Where every comm path delivers received frames: authenticates, refuses replays and outdated configurations,
/// and records accepted beats in the failure detector. Allocation-free; called from the receive threads.
/// </summary>
internal sealed class HeartbeatSink(HeartbeatPlan plan, ClusterKey key, FailureDetector detector)
{
    private string?[] _names = Names(plan);

    // Nodes apply a committed change a few hundred ms apart (a follower learns the commit on the leader's next
    // append): frames one version apart are accepted for a few heartbeat deadlines around a change, never longer.
    private readonly ReplayGuard _guard = new(plan.ConfigVersion, plan.Nodes.Max(n => n.Id) + 1, Grace(plan));
    private readonly long[] _verdicts = new long[Enum.GetValues<FrameVerdict>().Length];

    public long Accepted => Interlocked.Read(ref _verdicts[(int)FrameVerdict.Accepted]);

    public long Refused
    {
        get
        {
            long refused = 0;
            for (var i = 0; i < _verdicts.Length; i++)
            {
                refused += i == (int)FrameVerdict.Accepted ? 0 : Interlocked.Read(ref _verdicts[i]);
            }

            return refused;
        }
    }

    public long ConfigVersion => _guard.ConfigVersion;

    /// <summary>Accepts frames from <paramref name="name"/>, a node that joined after the plan, under heartbeat id <paramref name="id"/>.</summary>
    public void Learn(ushort id, string name)
    {
        var names = Volatile.Read(ref _names);
        if (id < names.Length && names[id] == name)
        {
            return;
        }

        // Copy on write: receive threads read the array without a lock.
        var grown = new string?[Math.Max(names.Length, id + 1)];
        names.CopyTo(grown, 0);
        grown[id] = name;
        _guard.AllowSenders(grown.Length);
        Volatile.Write(ref _names, grown);
    }

    /// <summary>The configuration version frames must carry from now on.</summary>
    public void ChangeVersion(long version) => _guard.ChangeVersion(version);

    public FrameVerdict Deliver(ReadOnlySpan<byte> frame, string path)
    {
        var verdict = HeartbeatCodec.TryRead(frame, key, out var hb);
        var names = Volatile.Read(ref _names);
        if (verdict == FrameVerdict.Accepted)
        {
            verdict = hb.Sender == plan.LocalId || hb.Sender >= names.Length || names[hb.Sender] is null ? FrameVerdict.UnknownSender : _guard.Check(hb);
        }

        Interlocked.Increment(ref _verdicts[(int)verdict]);
        if (verdict == FrameVerdict.Accepted)
        {
            detector.OnBeat(names[hb.Sender]!, path, hb.Incarnation);
        }

        return verdict;
    }

    private static TimeSpan Grace(HeartbeatPlan plan) =>
        TimeSpan.FromTicks(Math.Max(plan.Profile.Deadline.Ticks * 4, TimeSpan.FromSeconds(2).Ticks));

    private static string?[] Names(HeartbeatPlan plan)
    {
        var names = new string?[plan.Nodes.Max(n => n.Id) + 1];
        foreach (var n in plan.Nodes)
        {
            names[n.Id] = n.Name;
        }

        return names;
    }
}
