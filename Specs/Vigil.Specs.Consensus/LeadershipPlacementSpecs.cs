using Vigil.Consensus;
using Vigil.Engine.Commands;
using Vigil.Specs.Consensus.Support;

namespace Vigil.Specs.Consensus;

/// <summary>The placement operations vigild builds on (DotNext's local resignation and standby mode), on real TCP members.</summary>
[Collection(ConsensusCollection.Name)]
public sealed class LeadershipPlacementSpecs
{
    [Fact]
    public async Task ResignAsync_LeaderThenStandby_AnotherMemberLeadsAndCommits()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var first = await cluster.WaitForLeaderAsync();

        Assert.True(await first.Node.ResignAsync());
        Assert.True(await first.Node.EnterStandbyAsync());

        await Eventually.HoldsAsync(
            () => cluster.Running.Any(r => r != first && r.Node.IsLeader), TestCluster.Patience, () => "another member is elected after the resignation");
        var result = await cluster.ProposeOnLeaderAsync(new MembershipInputs.ReportNodeRejoined("after-resignation"));
        Assert.Equal(ProposeOutcome.Committed, result.Outcome);
        Assert.NotEqual(first.Node.Name, result.LeaderName);
        Assert.True(first.Node.Standby);
        Assert.False(first.Node.IsLeader);
    }

    [Fact]
    public async Task ResignAsync_OnAFollower_RevokesNobodysLeadership()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var leader = await cluster.WaitForLeaderAsync();
        var follower = cluster.Running.First(r => r != leader);

        Assert.False(await follower.Node.ResignAsync());

        Assert.True(leader.Node.IsLeader);
    }

    [Fact]
    public async Task LeaveStandbyAsync_EveryOtherLeaderCandidateStopped_TheStandbyMembersElect()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var leader = await cluster.WaitForLeaderAsync();
        var others = cluster.Running.Where(r => r != leader).ToList();
        foreach (var other in others)
        {
            Assert.True(await other.Node.EnterStandbyAsync());
        }

        // The only member that stands for election dies: the standby members vote but never stand, so nobody leads ...
        await cluster.StopNodeAsync(leader.Node.Name);
        await Eventually.HoldsAsync(() => others.All(o => o.Node.SinceLeaderContact > TimeSpan.FromSeconds(1)), TestCluster.Patience, () => "the survivors stop hearing a leader");
        Assert.DoesNotContain(others, o => o.Node.IsLeader);

        // ... until they stand again (vigild does when it no longer hears the node it left the leadership to).
        foreach (var other in others)
        {
            Assert.True(await other.Node.LeaveStandbyAsync());
        }

        await Eventually.HoldsAsync(() => others.Any(o => o.Node.IsLeader), TestCluster.Patience, () => "the survivors elect one of themselves");
    }
}
