using Vigil.Engine.Simulation;
using Vigil.Membership;

namespace Vigil.Specs.Unit.Membership;

/// <summary>Heartbeat-side effects of a committed configuration change: the version window and the detector's reshaping.</summary>
public sealed class ConfigurationChangeSpecs
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    // One beat makes a path ALIVE here: these specs are about the reshaping, not the hysteresis (FailureDetectorSpecs).
    private static readonly HeartbeatProfile OneBeat = HeartbeatProfile.Default with { AliveAfter = 1 };
    private readonly SimulatedTime _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private async Task AdvanceAsync(TimeSpan span) => await _time.RunUntilAsync(_time.GetUtcNow() + span);

    [Fact]
    public async Task Check_PreviousVersionAfterAChange_AcceptedWithinGraceThenRefusedOutdated()
    {
        var guard = new ReplayGuard(7, 3, Grace, _time);
        guard.ChangeVersion(8);

        Assert.Equal(FrameVerdict.Accepted, guard.Check(new HeartbeatFrame(7, 1, 1, 1, 0)));
        await AdvanceAsync(Grace + TimeSpan.FromMilliseconds(1));
        Assert.Equal(FrameVerdict.OutdatedConfig, guard.Check(new HeartbeatFrame(7, 1, 1, 2, 0)));
        Assert.Equal(FrameVerdict.Accepted, guard.Check(new HeartbeatFrame(8, 1, 1, 3, 0)));
    }

    [Fact]
    public async Task Check_OneVersionAhead_AcceptedForGraceFromTheFirstSeenThenRefusedNewer()
    {
        var guard = new ReplayGuard(7, 3, Grace, _time);

        Assert.Equal(FrameVerdict.Accepted, guard.Check(new HeartbeatFrame(8, 1, 1, 1, 0)));
        Assert.Equal(FrameVerdict.NewerConfig, guard.Check(new HeartbeatFrame(9, 1, 1, 2, 0)));
        await AdvanceAsync(Grace + TimeSpan.FromMilliseconds(1));
        Assert.Equal(FrameVerdict.NewerConfig, guard.Check(new HeartbeatFrame(8, 1, 1, 3, 0)));
    }

    [Fact]
    public void Check_TwoVersionsBehind_RefusedEvenRightAfterAChange()
    {
        var guard = new ReplayGuard(7, 3, Grace, _time);
        guard.ChangeVersion(8);
        guard.ChangeVersion(9);

        Assert.Equal(FrameVerdict.OutdatedConfig, guard.Check(new HeartbeatFrame(7, 1, 1, 1, 0)));
    }

    [Fact]
    public void Check_SenderBeyondTheKnownOnes_AcceptedOnceAllowed()
    {
        var guard = new ReplayGuard(7, 3);
        Assert.Equal(FrameVerdict.UnknownSender, guard.Check(new HeartbeatFrame(7, 3, 1, 1, 0)));
        guard.AllowSenders(4);
        Assert.Equal(FrameVerdict.Accepted, guard.Check(new HeartbeatFrame(7, 3, 1, 1, 0)));
    }

    [Fact]
    public async Task Reconfigure_RemovedPath_GoesWithoutADeadTransition_KeptPathKeepsItsState_NewPathStartsDead()
    {
        var detector = new FailureDetector(OneBeat, ["node2"], ["udp", "tcp"], _time);
        detector.OnBeat("node2", "udp", 1);
        detector.OnBeat("node2", "tcp", 1);
        Assert.Equal(2, detector.Evaluate().Paths.Count);

        detector.Reconfigure([("node2", "udp"), ("node2", "disk")]);
        var (paths, peers) = detector.Evaluate();

        Assert.Empty(paths);
        Assert.Empty(peers);
        Assert.Equal(PathState.Alive, detector.StateOf("node2", "udp"));
        Assert.Equal(PathState.Dead, detector.StateOf("node2", "disk"));
        Assert.Equal(PathState.Dead, detector.StateOf("node2", "tcp"));
        Assert.Equal([("node2", "udp"), ("node2", "disk")], detector.Watched);
        detector.OnBeat("node2", "tcp", 1); // a beat on a deleted path counts for nothing
        detector.OnBeat("node2", "disk", 1);
        await AdvanceAsync(TimeSpan.FromMilliseconds(10));
        Assert.Equal([("node2", "disk", PathState.Alive)], detector.Evaluate().Paths.Select(p => (p.Peer, p.Path, p.To)));
    }

    [Fact]
    public void Reconfigure_NewPeer_StartsUnreachableAndBecomesReachableOnItsFirstBeat()
    {
        var detector = new FailureDetector(OneBeat, ["node2"], ["udp"], _time);
        detector.Reconfigure([("node2", "udp"), ("node4", "udp")]);
        Assert.False(detector.IsReachable("node4"));

        detector.OnBeat("node4", "udp", 1);
        var (_, peers) = detector.Evaluate();

        Assert.Contains(new PeerTransition("node4", true), peers);
        Assert.True(detector.IsReachable("node4"));
    }
}
