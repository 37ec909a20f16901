using Vigil.Consensus;
using Vigil.Engine;
using Vigil.Engine.Commands;
using Vigil.Engine.Runtime;
using Vigil.Specs.Consensus.Support;

namespace Vigil.Specs.Consensus;

/// <summary>The point of the whole thing: every node applying the committed inputs to its own engine decides alike.</summary>
[Collection(ConsensusCollection.Name)]
public sealed class ReplicatedEngineSpecs
{
    [Fact]
    public async Task Committed_AppliedToAnEngineOnEveryNode_SameDecisions()
    {
        await using var cluster = await TestCluster.StartAsync(3);
        IEngineInput[] inputs =
        [
            new ConfigurationCommands.AddNode("n1"),
            new ConfigurationCommands.AddNode("n2"),
            new ConfigurationCommands.AddNode("n2"), // refused the same way everywhere
            new ConfigurationCommands.AddNode("n3"),
            new MembershipInputs.DeclareNodeDead("n3", "all paths dead"),
            new MembershipInputs.ReportNodeRejoined("n3"),
        ];
        foreach (var input in inputs)
        {
            Assert.True((await cluster.ProposeOnLeaderAsync(input)).IsCommitted);
        }

        await Eventually.HoldsAsync(() => cluster.Running.All(r => r.Count == inputs.Length), TestCluster.Patience, () => "all deliver");
        var decisionsPerNode = cluster.Running.Select(r => Decide(r.Delivered)).ToList();

        Assert.All(decisionsPerNode, d => Assert.Equal(decisionsPerNode[0], d));
        Assert.Contains(decisionsPerNode[0], d => d.StartsWith("refused", StringComparison.Ordinal));
        Assert.Contains(decisionsPerNode[0], d => !d.StartsWith("refused", StringComparison.Ordinal) && d.Length > 2);
    }

    // A fresh engine per node lifetime, fed in log order: what vigild does at start.
    private static List<string> Decide(IReadOnlyList<CommittedEntry> delivered)
    {
        using var engine = new ClusterEngine();
        return
        [
            .. delivered.Select(e => engine.Decide(EngineInputCodec.Decode(e.Payload))).Select(d => d.Refused
                ? $"refused {d.Error!.Code}"
                : string.Join(";", d.Events.Select(x => EngineEvents.Registry.NameOf(x.GetType()) + EngineEvents.Serializer.SerializeDataToString(x)))),
        ];
    }
}
