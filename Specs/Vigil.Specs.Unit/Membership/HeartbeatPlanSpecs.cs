using System.Net;
using Vigil.Membership;

namespace Vigil.Specs.Unit.Membership;

public sealed class HeartbeatPlanSpecs
{
    private static HeartbeatPlan Plan() => new(
        "/etc/vigil/cluster key",
        7,
        42,
        1,
        HeartbeatProfile.Fast with { Grace = TimeSpan.FromMilliseconds(1500) },
        TimeSpan.FromSeconds(5),
        ["udp", "tcp", "disk"],
        [
            new PlanNode(0, "node1", IPEndPoint.Parse("10.1.0.1:7001"), IPEndPoint.Parse("10.2.0.1:7002"), "/shared/hb region"),
            new PlanNode(1, "node2", IPEndPoint.Parse("[fd00::2]:7001"), null, null),
        ])
    {
        RealtimePriority = 33,
    };

    [Fact]
    public void WriteThenRead_GivesTheSamePlan()
    {
        var text = new StringWriter();
        Plan().Write(text);

        var read = HeartbeatPlan.Read(new StringReader(text.ToString() + "tick\n"));

        var plan = Plan();
        Assert.Equal((plan.KeyFile, plan.ConfigVersion, plan.Incarnation, plan.LocalId, plan.OwnerStall), (read.KeyFile, read.ConfigVersion, read.Incarnation, read.LocalId, read.OwnerStall));
        Assert.Equal(plan.Profile, read.Profile);
        Assert.Equal((plan.Profile.AliveAfter, plan.Profile.Grace), (read.Profile.AliveAfter, read.Profile.Grace));
        Assert.Equal(plan.Paths, read.Paths);
        Assert.Equal(plan.Nodes, read.Nodes);
        Assert.Equal(33, read.RealtimePriority);
        Assert.Equal("node1", Assert.Single(read.Peers).Name);
    }

    [Fact]
    public void Read_PlanWithoutRealtimeLine_TakesTheDefaultPriority()
    {
        var text = new StringWriter();
        Plan().Write(text);
        var older = string.Join('\n', text.ToString().Split('\n').Where(l => !l.StartsWith("realtime-priority ", StringComparison.Ordinal)));

        var read = HeartbeatPlan.Read(new StringReader(older));

        Assert.Equal(HeartbeatPlan.DefaultRealtimePriority, read.RealtimePriority);
    }

    [Fact]
    public void Read_BadEndpoint_NamesTheLine()
    {
        var ex = Assert.Throws<FormatException>(() => HeartbeatPlan.Read(new StringReader("node 0 a\nudp 0 nowhere\nend\n")));

        Assert.Contains("line 2", ex.Message, StringComparison.Ordinal);
        Assert.Contains("nowhere", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingSetting_SaysWhich()
    {
        var ex = Assert.Throws<FormatException>(() => HeartbeatPlan.Read(new StringReader("node 0 a\nend\n")));

        Assert.Contains("is missing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void PathLine_RoundTrips_AndOtherLinesAreNotPaths()
    {
        var t = new PathTransition("node2", "tcp", PathState.Alive, PathState.Dead, TimeSpan.FromMilliseconds(512));

        Assert.Equal(t, HeartbeatWire.ParsePath(HeartbeatWire.Path(t)));
        Assert.Null(HeartbeatWire.ParsePath("stats 1 2 3 4 5 6"));
        Assert.Null(HeartbeatWire.ParsePath("path node2 tcp MAYBE 1"));
    }

    [Fact]
    public void PathBoard_ForgetsEveryAlivePath_AndReportsReachability()
    {
        var board = new PathBoard(["node2", "node3"], ["udp", "tcp"]);
        Assert.Equal(new PeerTransition("node2", true), board.Apply(new PathTransition("node2", "udp", PathState.Dead, PathState.Alive, TimeSpan.Zero)));
        Assert.Null(board.Apply(new PathTransition("node2", "tcp", PathState.Dead, PathState.Alive, TimeSpan.Zero)));
        Assert.Null(board.Apply(new PathTransition("node9", "tcp", PathState.Dead, PathState.Alive, TimeSpan.Zero)));

        var forgotten = board.Forget(TimeSpan.Zero);

        Assert.Equal(2, forgotten.Count);
        Assert.All(forgotten, f => Assert.Equal(PathState.Dead, f.To));
        Assert.False(board.IsReachable("node2"));
        Assert.Equal(PathState.Dead, board.StateOf("node2", "udp"));
    }
}
