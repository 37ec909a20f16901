using System.Diagnostics;
using Vigil.Consensus;
using Vigil.Engine.Commands;
using Vigil.Specs.Consensus.Support;
using Xunit.Abstractions;

namespace Vigil.Specs.Consensus;

[Collection(ConsensusCollection.Name)]
public sealed class ReplicationSpecs(ITestOutputHelper output)
{
    [Fact]
    public async Task Start_ThreeNodes_ElectsOneLeaderAllFollow()
    {
        await using var cluster = await TestCluster.StartAsync(3);

        var leader = await cluster.WaitForLeaderAsync();

        Assert.Single(cluster.Running, r => r.Node.IsLeader);
        Assert.All(cluster.Running, r => Assert.Equal(leader.Node.Name, r.Node.LeaderName));
        Assert.True(leader.Node.Term > 0);
    }

    [Fact]
    public async Task ProposeAsync_OnLeader_DeliversSameInputsInSameOrderToAllNodes()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var leader = await cluster.WaitForLeaderAsync();
        var inputs = Enumerable.Range(0, 40)
            .Select(i => (IEngineInput)new MembershipInputs.ReportPathState("n1", $"peer{i % 3}", "tcp", i % 2 == 0, i * 10L))
            .ToList();
        var latencies = new List<double>();

        foreach (var input in inputs)
        {
            var watch = Stopwatch.StartNew();
            var result = await leader.Node.ProposeAsync(input);
            latencies.Add(watch.Elapsed.TotalMilliseconds);
            Assert.Equal(ProposeOutcome.Committed, result.Outcome);
        }

        await Eventually.HoldsAsync(
            () => cluster.Running.All(r => r.Count == inputs.Count),
            TestCluster.Patience,
            () => "every node delivers 40 entries: " + string.Join(", ", cluster.Running.Select(r => $"{r.Node.Name}={r.Count}")));
        foreach (var recorder in cluster.Running)
        {
            var delivered = recorder.Delivered;
            Assert.Equal(inputs, delivered.Select(e => EngineInputCodec.Decode(e.Payload)));
            Assert.Equal(leader.Delivered.Select(e => e.Index), delivered.Select(e => e.Index));
            Assert.True(delivered.Select(e => e.Index).SequenceEqual(delivered.Select(e => e.Index).Order()), "log order");
        }

        latencies.Sort();
        output.WriteLine($"commit latency over {latencies.Count} sequential proposals: median {latencies[latencies.Count / 2]:0.00} ms, " +
                         $"p90 {latencies[latencies.Count * 9 / 10]:0.00} ms, max {latencies[^1]:0.00} ms");
    }

    [Fact]
    public async Task ProposeAsync_OnFollower_RefusedWithLeaderNameAndNothingDelivered()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        var leader = await cluster.WaitForLeaderAsync();
        var follower = cluster.Running.First(r => !r.Node.IsLeader);

        var result = await follower.Node.ProposeAsync(new MembershipInputs.ReportNodeRejoined("n9"));

        Assert.Equal(ProposeOutcome.NotLeader, result.Outcome);
        Assert.False(result.IsCommitted);
        Assert.Equal(leader.Node.Name, result.LeaderName);
        // A later committed marker proves the refused input never entered the log before it.
        Assert.True((await leader.Node.ProposeAsync(new MembershipInputs.ReportNodeRejoined("marker"))).IsCommitted);
        await Eventually.HoldsAsync(() => follower.Count == 1, TestCluster.Patience, () => $"follower delivered {follower.Count}");
        Assert.Equal(new MembershipInputs.ReportNodeRejoined("marker"), EngineInputCodec.Decode(follower.Delivered[0].Payload));
    }

    [Fact]
    public async Task ProposeAsync_EmptyPayload_Throws()
    {
        await using var cluster = await TestCluster.StartAsync(1);
        var leader = await cluster.WaitForLeaderAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => leader.Node.ProposeAsync(ReadOnlyMemory<byte>.Empty));
    }
}
