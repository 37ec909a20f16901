using Vigil.Membership;

namespace Vigil.Specs.Unit.Membership;

/// <summary>The committed comm paths on the pipe to vigil-heartbeat, its answer, and vigild's board following a change.</summary>
public sealed class CommPathPlanSpecs
{
    [Fact]
    public void ToWire_ThenParse_GivesBackEveryPath_EvenADiskRegionWithSpaces()
    {
        var plan = new CommPathPlan(9, [new PlanPath("tcp", "node2", "10.0.0.1:7001", "10.0.0.2:7001"), new PlanPath("disk", "node3", "/srv/shared region/hb", "/mnt/hb")]);

        var lines = plan.ToWire().Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal((9L, 2), CommPathPlan.ParseHeader(lines[0]));
        Assert.Equal(plan.Paths, lines.Skip(1).Select(CommPathPlan.ParsePath));
    }

    [Fact]
    public void ToWire_ThenParse_KeepsTheIdOfAPeerThatJoinedLater()
    {
        var plan = new CommPathPlan(5, [new PlanPath("udp", "node4", "10.0.0.1:7400", "10.0.0.4:7400") { PeerId = 3 }, new PlanPath("udp", "node2", "10.0.0.1:7400", "10.0.0.2:7400")]);

        var parsed = plan.ToWire().Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(CommPathPlan.ParsePath).ToList();

        Assert.Equal([3, -1], parsed.Select(p => p.PeerId));
        Assert.Throws<FormatException>(() => CommPathPlan.ParsePath("comm-path udp node4 a b 70000"));
    }

    [Fact]
    public void ParsePath_MalformedLine_ThrowsQuotingIt()
    {
        var ex = Assert.Throws<FormatException>(() => CommPathPlan.ParsePath("comm-path tcp node2"));
        Assert.Contains("'comm-path tcp node2'", ex.Message, StringComparison.Ordinal);
        Assert.Null(CommPathPlan.ParseHeader("tick"));
    }

    [Fact]
    public void Applied_RoundTrips_StartedAndStoppedEnds_AndApplyFailedKeepsTheProblem()
    {
        var line = HeartbeatWire.Applied(4, ["tcp to node2", "udp to node3"], []);

        var (version, started, stopped) = HeartbeatWire.ParseApplied(line)!.Value;
        Assert.Equal(4, version);
        Assert.Equal(["tcp to node2", "udp to node3"], started);
        Assert.Empty(stopped);
        Assert.Equal((5L, "address not available"), HeartbeatWire.ParseApplyFailed(HeartbeatWire.ApplyFailed(5, "address not available")));
        Assert.Null(HeartbeatWire.ParseApplied("path node2 tcp ALIVE 0"));
    }

    [Fact]
    public void BoardReconfigure_RemovingThePeersOnlyAlivePath_MakesItUnreachable_KeptAndNewPathsAsExpected()
    {
        var board = new PathBoard(["node2"], ["udp", "tcp"]);
        board.Apply(new PathTransition("node2", "udp", PathState.Dead, PathState.Alive, TimeSpan.Zero));

        var peers = board.Reconfigure([("node2", "tcp"), ("node2", "disk")]);

        Assert.Equal([new PeerTransition("node2", false)], peers);
        Assert.Equal(PathState.Dead, board.StateOf("node2", "udp"));
        Assert.Equal(PathState.Dead, board.StateOf("node2", "disk"));
        Assert.Equal([("node2", "disk"), ("node2", "tcp")], board.Watched.Order());
        Assert.NotNull(board.Apply(new PathTransition("node2", "disk", PathState.Dead, PathState.Alive, TimeSpan.Zero)));
        Assert.True(board.IsReachable("node2"));
    }
}
