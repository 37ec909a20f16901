using Vigil.Engine.Simulation;
using Vigil.Membership;

namespace Vigil.Specs.Unit.Membership;

public sealed class FailureDetectorSpecs
{
    private static readonly string[] Paths = ["tcp", "udp"];
    private static readonly string[] Peers = ["node2", "node3"];
    private static readonly TimeSpan Interval = HeartbeatProfile.Default.Interval;
    private readonly SimulatedTime _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>A detector past its peers' start-up grace that has heard every path (all ALIVE, transitions consumed).</summary>
    private async Task<FailureDetector> DetectorAsync(HeartbeatProfile? profile = null)
    {
        profile ??= HeartbeatProfile.Default;
        var detector = new FailureDetector(profile, Peers, Paths, _time);
        var start = _time.GetUtcNow();
        while (_time.GetUtcNow() - start <= profile.Grace)
        {
            BeatAll(detector, Peers);
            await AdvanceAsync(profile.Interval);
        }

        BeatAll(detector, Peers);
        var (paths, peers) = detector.Evaluate();
        Assert.Equal(4, paths.Count);
        Assert.Equal(2, peers.Count);
        return detector;
    }

    private static void BeatAll(FailureDetector detector, IEnumerable<string> peers, long incarnation = 1)
    {
        foreach (var peer in peers)
        {
            foreach (var path in Paths)
            {
                detector.OnBeat(peer, path, incarnation);
            }
        }
    }

    private async Task AdvanceAsync(TimeSpan span) => await _time.RunUntilAsync(_time.GetUtcNow() + span);

    [Fact]
    public async Task Evaluate_OnePathSilentPastDeadline_OnlyThatPathDiesAndThePeerStaysReachable()
    {
        var detector = await DetectorAsync();
        for (var i = 0; i < 8; i++)
        {
            await AdvanceAsync(Interval);
            detector.OnBeat("node2", "tcp", 1);
            detector.OnBeat("node3", "tcp", 1);
            detector.OnBeat("node3", "udp", 1);
        }

        var (paths, peers) = detector.Evaluate();

        var dead = Assert.Single(paths);
        Assert.Equal(("node2", "udp", PathState.Dead), (dead.Peer, dead.Path, dead.To));
        Assert.Empty(peers);
        Assert.True(detector.IsReachable("node2"));
    }

    [Fact]
    public async Task Evaluate_AllPathsSilentPastDeadline_PeerUnreachable()
    {
        var detector = await DetectorAsync();
        await AdvanceAsync(TimeSpan.FromMilliseconds(400));
        detector.OnBeat("node3", "tcp", 1);
        await AdvanceAsync(TimeSpan.FromMilliseconds(101));

        var (paths, peers) = detector.Evaluate();

        Assert.Equal(2, paths.Count(p => p.Peer == "node2"));
        Assert.Equal(new PeerTransition("node2", false), Assert.Single(peers));
        Assert.All(paths, p => Assert.True(p.Silence > HeartbeatProfile.Default.Deadline));
    }

    [Fact]
    public async Task Evaluate_PeerNeverHeard_StaysDeadWithoutATransition()
    {
        var detector = new FailureDetector(HeartbeatProfile.Default, ["node2"], Paths, _time);
        await AdvanceAsync(TimeSpan.FromSeconds(5));

        var (paths, peers) = detector.Evaluate();

        Assert.Empty(paths);
        Assert.Empty(peers);
        Assert.False(detector.IsReachable("node2"));
        Assert.Equal(PathState.Dead, detector.StateOf("node2", "tcp"));
    }

    [Fact]
    public async Task Evaluate_BeforeDeadline_NothingDies()
    {
        var detector = await DetectorAsync();
        await AdvanceAsync(HeartbeatProfile.Default.Deadline);

        var (paths, peers) = detector.Evaluate();

        Assert.Empty(paths);
        Assert.Empty(peers);
    }

    [Fact]
    public async Task OnBeat_AfterDeath_PathComesBackOnlyAfterAliveAfterConsecutiveBeats()
    {
        var detector = await DetectorAsync();
        await AdvanceAsync(TimeSpan.FromSeconds(1));
        detector.Evaluate();

        for (var beat = 1; beat < HeartbeatProfile.Default.AliveAfter; beat++)
        {
            detector.OnBeat("node2", "udp", 1);
            Assert.Empty(detector.Evaluate().Paths);
            await AdvanceAsync(Interval);
        }

        detector.OnBeat("node2", "udp", 1);
        var (paths, peers) = detector.Evaluate();

        Assert.Equal(PathState.Alive, Assert.Single(paths).To);
        Assert.Equal(new PeerTransition("node2", true), Assert.Single(peers));
    }

    [Fact]
    public async Task OnBeat_StreakBrokenByAGapLongerThanTheDeadline_CountsAgainFromOne()
    {
        var detector = await DetectorAsync();
        await AdvanceAsync(TimeSpan.FromSeconds(1));
        detector.Evaluate();

        // A flapping path: beats in bursts shorter than the hysteresis, separated by gaps past the deadline.
        for (var burst = 0; burst < 5; burst++)
        {
            for (var beat = 1; beat < HeartbeatProfile.Default.AliveAfter; beat++)
            {
                detector.OnBeat("node2", "udp", 1);
                await AdvanceAsync(Interval);
            }

            await AdvanceAsync(HeartbeatProfile.Default.Deadline);
            Assert.Empty(detector.Evaluate().Paths);
        }

        Assert.Equal(PathState.Dead, detector.StateOf("node2", "udp"));
    }

    [Fact]
    public async Task Evaluate_PeerRestartedAndStallingWithinGrace_IsNotFoundDeadUntilGraceEnds()
    {
        var profile = HeartbeatProfile.Fast;
        var detector = await DetectorAsync(profile);

        // node3 restarts (new incarnation), beats enough to be ALIVE, then stalls three deadlines (JIT, first GCs).
        for (var beat = 0; beat < profile.AliveAfter; beat++)
        {
            BeatAll(detector, ["node3"], incarnation: 2);
            BeatAll(detector, ["node2"]);
            await AdvanceAsync(profile.Interval);
        }

        for (var t = TimeSpan.Zero; t < profile.Deadline * 3; t += profile.Interval)
        {
            BeatAll(detector, ["node2"]);
            await AdvanceAsync(profile.Interval);
            Assert.Empty(detector.Evaluate().Paths);
        }

        Assert.True(detector.IsReachable("node3"));

        // Still silent when the grace is over: now it is judged, and found dead.
        await AdvanceAsync(profile.Grace);
        var (paths, peers) = detector.Evaluate();
        Assert.Equal(4, paths.Count);
        Assert.Contains(new PeerTransition("node3", false), peers);
    }

    [Fact]
    public async Task Evaluate_SameIncarnationAfterGrace_IsJudgedAtTheDeadline()
    {
        var detector = await DetectorAsync(HeartbeatProfile.Fast);
        BeatAll(detector, ["node2"]);
        await AdvanceAsync(HeartbeatProfile.Fast.Deadline + HeartbeatProfile.Fast.Interval);

        var (paths, _) = detector.Evaluate();

        Assert.Equal(4, paths.Count(p => p.To == PathState.Dead));
    }

    [Fact]
    public void Profiles_DefaultAndFast_HaveTheDocumentedDeadlinesAndHysteresis()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(500), HeartbeatProfile.Default.Deadline);
        Assert.Equal(TimeSpan.FromMilliseconds(100), HeartbeatProfile.Fast.Deadline);
        Assert.Equal((3, 10), (HeartbeatProfile.Default.AliveAfter, HeartbeatProfile.Fast.AliveAfter));
        Assert.Equal(TimeSpan.FromSeconds(2), HeartbeatProfile.Fast.Grace);
        Assert.Null(HeartbeatProfile.Default.Problem());
        Assert.Contains("miss count", new HeartbeatProfile(TimeSpan.FromMilliseconds(100), 1).Problem(), StringComparison.Ordinal);
        Assert.Contains("alive-after", (HeartbeatProfile.Default with { AliveAfter = 0 }).Problem(), StringComparison.Ordinal);
    }
}
