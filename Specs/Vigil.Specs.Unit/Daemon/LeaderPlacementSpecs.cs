using Vigil.Daemon.Consensus;

namespace Vigil.Specs.Unit.Daemon;

public sealed class LeaderPlacementSpecs
{
    private static Dictionary<string, int> Held(params (string Node, int Count)[] held) => held.ToDictionary(h => h.Node, h => h.Count, StringComparer.Ordinal);

    [Fact]
    public void BetterLeader_LocalRunsAHierarchy_IsTheLiveVoterThatRunsTheFewest()
    {
        Assert.Equal("node3", LeaderPlacement.BetterLeader("node1", Held(("node1", 2), ("node2", 1)), ["node2", "node3"]));
    }

    [Fact]
    public void BetterLeader_TwoVotersRunNothing_IsTheLowestNameSoEveryNodePicksTheSame()
    {
        Assert.Equal("node2", LeaderPlacement.BetterLeader("node1", Held(("node1", 2)), ["node3", "node2"]));
    }

    [Fact]
    public void BetterLeader_LocalRunsNothing_IsNone()
    {
        Assert.Null(LeaderPlacement.BetterLeader("node2", Held(("node1", 2)), ["node1", "node3"]));
    }

    [Fact]
    public void BetterLeader_EveryLiveVoterRunsAsMuch_IsNone()
    {
        Assert.Null(LeaderPlacement.BetterLeader("node1", Held(("node1", 1), ("node2", 1), ("node3", 1)), ["node2", "node3"]));
    }

    [Fact]
    public void BetterLeader_TheOnlyVoterThatRunsNothingIsDead_IsNone()
    {
        // node3 runs nothing but is not heard: the holders must stand for election themselves.
        Assert.Null(LeaderPlacement.BetterLeader("node1", Held(("node1", 2), ("node2", 2)), ["node2"]));
    }

    [Fact]
    public void BetterLeader_OnEveryLiveNode_LeavesTheNodesThatRunTheFewestEligible()
    {
        var held = Held(("node1", 3), ("node2", 1), ("node3", 1), ("node4", 2));
        string[] nodes = ["node1", "node2", "node3", "node4"];

        var eligible = nodes.Where(n => LeaderPlacement.BetterLeader(n, held, nodes.Where(o => o != n)) is null).ToArray();

        Assert.Equal(["node2", "node3"], eligible);
    }

    [Fact]
    public void BetterLeader_AWitnessWithoutControlApi_IsNotPreferredToAMemberThatServesIt()
    {
        // The leader receives every forwarded command on its control API: one without it would refuse them all.
        bool Serves(string n) => n != "witness";

        Assert.Null(LeaderPlacement.BetterLeader("node1", Held(("node1", 2)), ["witness"], Serves));
        Assert.Equal("node1", LeaderPlacement.BetterLeader("witness", Held(("node1", 2)), ["node1"], Serves));
        Assert.Equal("node2", LeaderPlacement.BetterLeader("node1", Held(("node1", 2)), ["witness", "node2"], Serves));
    }

    [Fact]
    public void BetterLeader_TheSurvivorOfTwoMembersAndAWitnessThatServesTheApi_IsTheWitness()
    {
        // node2 died; node1 took everything over: the witness, which never runs anything, is the better leader, and
        // the survivor still votes for it (standby), so the two of them keep a majority of three.
        Assert.Equal("witness", LeaderPlacement.BetterLeader("node1", Held(("node1", 3)), ["witness"]));
        Assert.Null(LeaderPlacement.BetterLeader("witness", Held(("node1", 3)), ["node1"]));
    }

    [Fact]
    public void BetterLeader_TheSurvivorOfTwoMembersAndAWitnessWithoutApi_IsNoneSoTheSurvivorLeads()
    {
        bool Serves(string n) => n != "witness";

        Assert.Null(LeaderPlacement.BetterLeader("node1", Held(("node1", 3)), ["witness"], Serves));
        Assert.False(LeaderPlacement.Resign(LeaderPlacement.BetterLeader("node1", Held(("node1", 3)), ["witness"], Serves), true, false, TimeSpan.MaxValue, TimeSpan.Zero));
    }

    [Fact]
    public void BetterLeader_AWitnessAndAnIdleMemberBothServeTheApi_NeitherDefersToTheOtherSoEitherMayWin()
    {
        // Same rank (API, nothing held): the lowest name is only what a node that runs more resigns to.
        var held = Held(("node1", 2));

        Assert.Null(LeaderPlacement.BetterLeader("node2", held, ["node1", "node3"]));
        Assert.Null(LeaderPlacement.BetterLeader("node3", held, ["node1", "node2"]));
        Assert.Equal("node2", LeaderPlacement.BetterLeader("node1", held, ["node2", "node3"]));
    }

    [Fact]
    public void Standby_BetterLeaderAliveButNoLeaderHeardForTheGrace_StandsAgain()
    {
        var grace = TimeSpan.FromSeconds(2);

        Assert.True(LeaderPlacement.Standby("node3", TimeSpan.FromMilliseconds(300), grace));
        Assert.False(LeaderPlacement.Standby("node3", grace, grace));
        Assert.False(LeaderPlacement.Standby(null, TimeSpan.Zero, grace));
    }

    [Theory]
    [InlineData(true, false, 10, true)]
    [InlineData(false, false, 10, false)] // the better leader does not answer this leader's replication
    [InlineData(true, true, 10, false)]   // a takeover or an action in flight
    [InlineData(true, false, 3, false)]   // resigned 3 s ago, backoff 5 s
    public void Resign_OnlyToAReplicatingBetterLeaderWhenIdleAndNotTooSoon(bool replicates, bool busy, int secondsSinceLast, bool expected)
    {
        Assert.Equal(expected, LeaderPlacement.Resign("node3", replicates, busy, TimeSpan.FromSeconds(secondsSinceLast), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public void Resign_NoBetterLeader_Never()
    {
        Assert.False(LeaderPlacement.Resign(null, true, false, TimeSpan.MaxValue, TimeSpan.Zero));
    }
}
