using Vigil.Engine.Events;

namespace Vigil.Specs.Lab;

/// <summary>Membership verdicts go through consensus: only a quorate majority can declare a node dead.</summary>
[Collection(LabCollection.Name)]
public sealed class ConsensusMembershipSpecs
{
    private static bool DeclaredDead(object e, string node) => e is NodeEvents.NodeDeclaredDead d && d.Node == node;

    private static async Task<LabCluster> UpAsync(bool namespaces, bool twoNodesAndWitness = false)
    {
        var lab = twoNodesAndWitness ? LabCluster.Create(2, namespaces: namespaces, witness: true) : LabCluster.Create(3, namespaces: namespaces);
        foreach (var n in lab.Nodes)
        {
            await lab.StartAsync(n);
        }

        foreach (var n in lab.Nodes)
        {
            Assert.NotNull(await lab.WaitForEventAsync(n, e => e is NodeEvents.NodeAdded { Node: "node3" }, TimeSpan.FromSeconds(20)));
        }

        return lab;
    }

    [Fact]
    public async Task Crash_OneOfThree_TheMajorityCommitsTheVerdictOnEverySurvivor()
    {
        await using var lab = await UpAsync(namespaces: false);

        lab.Crash("node3");

        foreach (var survivor in new[] { "node1", "node2" })
        {
            Assert.NotNull(await lab.WaitForEventAsync(survivor, e => DeclaredDead(e, "node3"), TimeSpan.FromSeconds(15)));
        }
    }

    [Fact]
    public async Task CutAllPaths_OfOneNode_OnlyTheMajorityActsAndTheIsolatedNodeDecidesNothing()
    {
        await using var lab = await UpAsync(namespaces: true);

        lab.Cut("node3", "all");

        foreach (var survivor in new[] { "node1", "node2" })
        {
            Assert.NotNull(await lab.WaitForEventAsync(survivor, e => DeclaredDead(e, "node3"), TimeSpan.FromSeconds(15)));
        }

        // node3 sees both others unreachable on every path, but alone it is a minority: nothing it proposes commits.
        Assert.True(await Poll.UntilAsync(
            async () => lab.Output("node3").Contains("quorum LOST", StringComparison.Ordinal), TimeSpan.FromSeconds(10)));
        var isolated = await lab.ReadJournalAsync("node3");
        Assert.DoesNotContain(isolated, e => DeclaredDead(e.Envelope.Data, "node1") || DeclaredDead(e.Envelope.Data, "node2"));
    }

    [Fact]
    public async Task TwoNodesAndWitness_CutAllPathsOfOneNode_TheOtherAndTheWitnessDeclareItDead()
    {
        await using var lab = await UpAsync(namespaces: true, twoNodesAndWitness: true);
        Assert.True(lab.State.Node("node3").Witness);

        lab.Cut("node2", "all");

        Assert.NotNull(await lab.WaitForEventAsync("node1", e => DeclaredDead(e, "node2"), TimeSpan.FromSeconds(15)));
        Assert.NotNull(await lab.WaitForEventAsync("node3", e => DeclaredDead(e, "node2"), TimeSpan.FromSeconds(15)));
        Assert.DoesNotContain(await lab.ReadJournalAsync("node2"), e => DeclaredDead(e.Envelope.Data, "node1"));
    }
}
