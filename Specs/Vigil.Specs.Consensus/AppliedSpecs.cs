using Vigil.Consensus;
using Vigil.Engine.Commands;
using Vigil.Specs.Consensus.Support;

namespace Vigil.Specs.Consensus;

/// <summary>
/// Whether a node's engine is current (<see cref="ConsensusNode.HasApplied"/>), which gates every kit action and check
/// in vigild. A new leader's empty entry raises the commit index without reaching the engine: an election that
/// nothing else follows (a resignation in a quiet cluster) must not leave every node waiting for an entry.
/// </summary>
[Collection(ConsensusCollection.Name)]
public sealed class AppliedSpecs
{
    [Fact]
    public async Task HasApplied_ElectionFollowedByNoEntry_EveryNodeThatAppliedAllItWasGivenIsCurrent()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        Assert.True((await cluster.ProposeOnLeaderAsync(new ConfigurationCommands.AddNode("n1"))).IsCommitted);
        await Eventually.HoldsAsync(() => cluster.Running.All(r => r.Count == 1), TestCluster.Patience, () => "every node delivers the entry");
        var first = await cluster.WaitForLeaderAsync();
        var term = first.Node.Term;
        var last = first.Delivered[^1].Index;

        Assert.True(await first.Node.ResignAsync());

        // The next leader (whichever) commits its empty entry, past the last one any engine was given.
        var next = await NewLeaderAsync(cluster, term);
        await Eventually.HoldsAsync(
            () => cluster.Running.All(r => r.Node.CommitIndex > last), TestCluster.Patience, () => $"every node learns the commit of {next.Node.Name}'s empty entry");
        await Eventually.HoldsAsync(
            () => cluster.Running.All(r => r.Node.HasApplied(last)), TestCluster.Patience,
            () => string.Join(", ", cluster.Running.Select(r => $"{r.Node.Name}: commit {r.Node.CommitIndex}, delivered {r.Count}")));
        Assert.All(cluster.Running, r => Assert.Equal(1, r.Count)); // nothing more was delivered: the engine had it all
        Assert.All(cluster.Running, r => Assert.False(r.Node.HasApplied(last - 1)));
    }

    [Fact]
    public async Task HasApplied_EngineBehindTheDeliveredEntries_IsNotCurrent()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        for (var i = 1; i <= 3; i++)
        {
            Assert.True((await cluster.ProposeOnLeaderAsync(new ConfigurationCommands.AddNode($"n{i}"))).IsCommitted);
        }

        await Eventually.HoldsAsync(() => cluster.Running.All(r => r.Count == 3), TestCluster.Patience, () => "every node delivers the entries");
        var node = cluster.Running.First();
        var delivered = node.Delivered;

        Assert.True(node.Node.HasApplied(delivered[^1].Index));
        Assert.False(node.Node.HasApplied(delivered[^2].Index));
        Assert.False(node.Node.HasApplied(0));
    }

    private static async Task<NodeRecorder> NewLeaderAsync(TestCluster cluster, long after)
    {
        NodeRecorder? leader = null;
        await Eventually.HoldsAsync(
            () => (leader = cluster.Running.FirstOrDefault(r => r.Node.IsLeader && r.Node.Term > after)) is not null,
            TestCluster.Patience,
            () => $"a leader in a term after {after}");
        return leader!;
    }
}
