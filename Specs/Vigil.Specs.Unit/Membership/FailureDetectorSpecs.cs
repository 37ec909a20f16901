using Vigil.Engine.Simulation;
using Vigil.Membership;

namespace Vigil.Specs.Unit.Membership;

public sealed class FailureDetectorSpecs
{
    private static readonly string[] Paths = ["tcp", "udp"];
    private readonly SimulatedTime _time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>A detector that has heard every path once (all ALIVE, transitions consumed).</summary>
    private FailureDetector Detector()
    {
        var detector = new FailureDetector(HeartbeatProfile.Default, ["node2", "node3"], Paths, _time);
        foreach (var peer in new[] { "node2", "node3" })
        {
            foreach (var path in Paths)
            {
                detector.OnBeat(peer, path);
            }
        }

        var (paths, peers) = detector.Evaluate();
        Assert.Equal(4, paths.Count);
        Assert.Equal(2, peers.Count);
        return detector;
    }

    private async Task AdvanceAsync(TimeSpan span) => await _time.RunUntilAsync(_time.GetUtcNow() + span);

    [Fact]
    public async Task Evaluate_OnePathSilentPastDeadline_OnlyThatPathDiesAndThePeerStaysReachable()
    {
        var detector = Detector();
        for (var i = 0; i < 8; i++)
        {
            await AdvanceAsync(TimeSpan.FromMilliseconds(100));
            detector.OnBeat("node2", "tcp");
            detector.OnBeat("node3", "tcp");
            detector.OnBeat("node3", "udp");
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
        var detector = Detector();
        await AdvanceAsync(TimeSpan.FromMilliseconds(400));
        detector.OnBeat("node3", "tcp");
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
        var detector = Detector();
        await AdvanceAsync(HeartbeatProfile.Default.Deadline);

        var (paths, peers) = detector.Evaluate();

        Assert.Empty(paths);
        Assert.Empty(peers);
    }

    [Fact]
    public async Task OnBeat_AfterDeath_PathAndPeerComeBack()
    {
        var detector = Detector();
        await AdvanceAsync(TimeSpan.FromSeconds(1));
        detector.Evaluate();

        detector.OnBeat("node2", "udp");
        var (paths, peers) = detector.Evaluate();

        Assert.Equal(PathState.Alive, Assert.Single(paths).To);
        Assert.Equal(new PeerTransition("node2", true), Assert.Single(peers));
    }

    [Fact]
    public void Profiles_DefaultAndFast_HaveTheDocumentedDeadlines()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(500), HeartbeatProfile.Default.Deadline);
        Assert.Equal(TimeSpan.FromMilliseconds(100), HeartbeatProfile.Fast.Deadline);
        Assert.Null(HeartbeatProfile.Default.Problem());
        Assert.Contains("miss count", new HeartbeatProfile(TimeSpan.FromMilliseconds(100), 1).Problem(), StringComparison.Ordinal);
    }
}
