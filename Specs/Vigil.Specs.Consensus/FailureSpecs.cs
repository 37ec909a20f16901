using Vigil.Consensus;
using Vigil.Engine.Commands;
using Vigil.Specs.Consensus.Support;
using Xunit.Abstractions;

namespace Vigil.Specs.Consensus;

[Collection(ConsensusCollection.Name)]
public sealed class FailureSpecs(ITestOutputHelper output)
{
    [Fact]
    public async Task ProposeAsync_OneOfThreeStopped_RemainingTwoCommit()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var first = await cluster.WaitForLeaderAsync();

        // Stop the leader itself: the harder case (the other two must elect a new one first).
        await cluster.StopNodeAsync(first.Node.Name);
        var result = await cluster.ProposeOnLeaderAsync(new MembershipInputs.DeclareNodeDead(first.Node.Name, "test"));

        Assert.Equal(ProposeOutcome.Committed, result.Outcome);
        Assert.NotEqual(first.Node.Name, result.LeaderName);
        await Eventually.HoldsAsync(
            () => cluster.Running.All(r => r.Delivered.Any(e => EngineInputCodec.Decode(e.Payload) is MembershipInputs.DeclareNodeDead)),
            TestCluster.Patience,
            () => "both survivors deliver the input");
    }

    [Fact]
    public async Task ProposeAsync_TwoOfThreeStopped_SurvivorCommitsNothing()
    {
        await using var cluster = await TestCluster.StartAsync(3, proposeTimeout: TimeSpan.FromSeconds(1.5));
        var leader = await cluster.WaitForLeaderAsync();
        Assert.True((await leader.Node.ProposeAsync(new MembershipInputs.ReportNodeRejoined("before"))).IsCommitted);
        await Eventually.HoldsAsync(() => leader.Count == 1, TestCluster.Patience, () => "leader delivers its first entry");

        // Stop both followers: the old leader is alone, a minority of one.
        foreach (var follower in cluster.Running.Where(r => r != leader).Select(r => r.Node.Name).ToList())
        {
            await cluster.StopNodeAsync(follower);
        }

        var takeover = await leader.Node.ProposeAsync(new MembershipInputs.DeclareNodeDead("n2", "minority takeover"));
        var again = await leader.Node.ProposeAsync(new MembershipInputs.DeclareNodeDead("n3", "minority takeover"));

        output.WriteLine($"minority proposals: {takeover.Outcome}, {again.Outcome}");
        Assert.NotEqual(ProposeOutcome.Committed, takeover.Outcome);
        Assert.NotEqual(ProposeOutcome.Committed, again.Outcome);
        Assert.Equal(1, leader.Count);
        // It also stops believing it leads (DotNext steps down without a majority), so vigild stops acting as leader.
        await Eventually.HoldsAsync(() => !leader.Node.IsLeader, TestCluster.Patience, () => "the isolated leader steps down");
    }

    [Fact]
    public async Task StartAsync_RestartedNode_ReceivesMissedEntriesInOrderOnce()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var leader = await cluster.WaitForLeaderAsync();
        var victim = cluster.Running.First(r => r != leader).Node.Name;
        for (var i = 0; i < 5; i++)
        {
            Assert.True((await cluster.ProposeOnLeaderAsync(new MembershipInputs.ReportNodeRejoined($"a{i}"))).IsCommitted);
        }

        await Eventually.HoldsAsync(() => cluster[victim].Count == 5, TestCluster.Patience, () => $"{victim} delivers the first 5");
        await cluster.StopNodeAsync(victim);

        for (var i = 0; i < 10; i++)
        {
            Assert.True((await cluster.ProposeOnLeaderAsync(new MembershipInputs.ReportNodeRejoined($"b{i}"))).IsCommitted);
        }

        var restarted = await cluster.StartNodeAsync(victim);

        // A new node instance replays the whole committed log from its own disk, then catches up from the leader.
        // Committed on return of ProposeAsync does not mean delivered yet, on the leader too: wait for both.
        await Eventually.HoldsAsync(
            () => cluster.Running.All(r => r.Count >= 15),
            TestCluster.Patience,
            () => string.Join(", ", cluster.Running.Select(r => $"{r.Node.Name} delivered {r.Count}/15")));
        var expected = cluster.Running.First(r => r.Node.Name != victim).Delivered;
        var delivered = restarted.Delivered;
        Assert.Equal(expected.Select(e => e.Index), delivered.Select(e => e.Index));
        Assert.Equal(expected.Select(e => EngineInputCodec.Decode(e.Payload)), delivered.Select(e => EngineInputCodec.Decode(e.Payload)));
        Assert.Equal(15, delivered.Count);
    }

    [Fact]
    public async Task StartAsync_WholeClusterRestarted_EveryNodeRedeliversCommittedLogOnceInOrder()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        for (var i = 0; i < 8; i++)
        {
            Assert.True((await cluster.ProposeOnLeaderAsync(new MembershipInputs.ReportNodeRejoined($"c{i}"))).IsCommitted);
        }

        await Eventually.HoldsAsync(() => cluster.Running.All(r => r.Count == 8), TestCluster.Patience, () => "all deliver 8");
        var before = cluster["n1"].Delivered;
        foreach (var name in cluster.Names)
        {
            await cluster.StopNodeAsync(name);
        }

        // Every node comes back from its own disk only: nobody holds the log in memory any more.
        foreach (var name in cluster.Names)
        {
            await cluster.StartNodeAsync(name);
        }

        await Eventually.HoldsAsync(() => cluster.Running.All(r => r.Count >= 8), TestCluster.Patience, () => "all redeliver 8");
        Assert.All(cluster.Running, r =>
        {
            Assert.Equal(before.Select(e => e.Index), r.Delivered.Select(e => e.Index));
            Assert.Equal(before.Select(e => EngineInputCodec.Decode(e.Payload)), r.Delivered.Select(e => EngineInputCodec.Decode(e.Payload)));
        });
    }
}
