using Vigil.Consensus;
using Vigil.Engine.Commands;
using Vigil.Specs.Consensus.Support;
using Xunit.Abstractions;

namespace Vigil.Specs.Consensus;

/// <summary>Raft membership changes: a node joins a running cluster, catches up, votes, and keeps its membership across restarts.</summary>
[Collection(ConsensusCollection.Name)]
public sealed class MembershipSpecs(ITestOutputHelper output)
{
    private static readonly TimeSpan ChangeTimeout = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task AddMemberAsync_JoiningNode_CatchesUpTheWholeLogAndVotes()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var leader = await cluster.WaitForLeaderAsync();
        for (var i = 0; i < 3; i++)
        {
            Assert.True((await cluster.ProposeOnLeaderAsync(new MembershipInputs.ReportNodeRejoined($"before-{i}"))).IsCommitted);
        }

        var joiner = await cluster.StartJoiningAsync("n4");
        Assert.False(joiner.Node.IsVoter);
        Assert.Equal(0, joiner.Count); // a non-member receives nothing before it is added

        leader = await cluster.WaitForLeaderAsync(cluster.Names);
        var change = await leader.Node.AddMemberAsync("n4", cluster.Joiners["n4"], ChangeTimeout);
        output.WriteLine($"add n4: {change}; voters {string.Join(", ", leader.Node.Voters)}");

        Assert.Equal(MemberChange.Done, change);
        await Eventually.HoldsAsync(() => joiner.Count == 3 && joiner.Node.IsVoter, TestCluster.Patience, () => $"n4 delivers the 3 old entries and votes (has {joiner.Count})");
        Assert.True((await cluster.ProposeOnLeaderAsync(new MembershipInputs.ReportNodeRejoined("after"))).IsCommitted);
        await Eventually.HoldsAsync(() => joiner.Count == 4, TestCluster.Patience, () => "n4 delivers the new entry");
        Assert.Equal(leader.Delivered.Select(e => e.Index), joiner.Delivered.Select(e => e.Index));
        await Eventually.HoldsAsync(() => cluster.Running.All(r => r.Node.Voters.Count == 4), TestCluster.Patience, () => "every node has 4 voters");
    }

    [Fact]
    public async Task AddMemberAsync_FourVoters_QuorumIsThree()
    {
        await using var cluster = await TestCluster.StartAsync(3, proposeTimeout: TimeSpan.FromSeconds(1.5));
        await cluster.StartJoiningAsync("n4");
        var leader = await cluster.WaitForLeaderAsync(cluster.Names);
        Assert.Equal(MemberChange.Done, await leader.Node.AddMemberAsync("n4", cluster.Joiners["n4"], ChangeTimeout));

        // Two of four stopped (never the leader): two is not a majority of four, although it was of three.
        foreach (var name in cluster.Running.Where(r => r != leader).Select(r => r.Node.Name).Take(2).ToList())
        {
            await cluster.StopNodeAsync(name);
        }

        var result = await leader.Node.ProposeAsync(new MembershipInputs.DeclareNodeDead("n2", "minority of four"));
        Assert.NotEqual(ProposeOutcome.Committed, result.Outcome);
    }

    [Fact]
    public async Task StartAsync_RestartedAfterJoin_KeepsTheMembership()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        await cluster.StartJoiningAsync("n4");
        var leader = await cluster.WaitForLeaderAsync(cluster.Names);
        Assert.Equal(MemberChange.Done, await leader.Node.AddMemberAsync("n4", cluster.Joiners["n4"], ChangeTimeout));
        await Eventually.HoldsAsync(() => cluster.Running.All(r => r.Node.Voters.Count == 4), TestCluster.Patience, () => "every node has 4 voters");

        // Restart the joiner and an original member: both start from their persisted membership, not their options.
        var member = cluster.Running.First(r => r != leader && r.Node.Name != "n4").Node.Name;
        output.WriteLine($"persisted by {member}: {cluster.PersistedMembers(member)}; by n4: {cluster.PersistedMembers("n4")}");
        await cluster.StopNodeAsync("n4");
        await cluster.StopNodeAsync(member);
        var n4 = await cluster.StartNodeAsync("n4");
        var again = await cluster.StartNodeAsync(member);

        Assert.True(n4.Node.IsVoter);
        Assert.Equal(4, again.Node.Voters.Count);
        Assert.True((await cluster.ProposeOnLeaderAsync(new MembershipInputs.ReportNodeRejoined("after restart"))).IsCommitted);
        await Eventually.HoldsAsync(() => n4.Delivered.Any(e => EngineInputCodec.Decode(e.Payload) is MembershipInputs.ReportNodeRejoined { Node: "after restart" }), TestCluster.Patience, () => "the restarted joiner delivers new entries");
    }

    [Fact]
    public async Task AddMemberAsync_NothingListening_Unreachable()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var leader = await cluster.WaitForLeaderAsync();
        cluster.Joiners["ghost"] = new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 1); // nothing listens on port 1

        var change = await leader.Node.AddMemberAsync("ghost", cluster.Joiners["ghost"], TimeSpan.FromSeconds(10));

        Assert.NotEqual(MemberChange.Done, change);
        Assert.Equal(3, leader.Node.Voters.Count);
        Assert.True((await cluster.ProposeOnLeaderAsync(new MembershipInputs.ReportNodeRejoined("still fine"))).IsCommitted);
    }

    [Fact]
    public async Task AddMemberAsync_OnFollower_NotLeader()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var leader = await cluster.WaitForLeaderAsync();
        var follower = cluster.Running.First(r => r != leader);

        Assert.Equal(MemberChange.NotLeader, await follower.Node.AddMemberAsync("n4", new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 1), ChangeTimeout));
    }
}
