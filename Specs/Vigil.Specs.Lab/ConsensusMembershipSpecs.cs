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

    /// <summary>Isolates a follower: the leader stays, so the verdict needs no election.</summary>
    [Fact]
    public async Task CutAllPaths_OfOneNode_OnlyTheMajorityActsAndTheIsolatedNodeDecidesNothing()
    {
        await using var lab = await UpAsync(namespaces: true);
        var leader = lab.Leader("node1");
        var victim = new[] { "node3", "node2", "node1" }.First(n => n != leader);
        var survivors = lab.Nodes.Where(n => n != victim).ToArray();
        var before = (await lab.ReadJournalAsync(victim)).Count; // start-up verdicts (a late starter) do not count

        lab.Cut(victim, "all");

        foreach (var survivor in survivors)
        {
            Assert.NotNull(await lab.WaitForEventAsync(survivor, e => DeclaredDead(e, victim), TimeSpan.FromSeconds(15)));
        }

        // The victim sees both others unreachable on every path, but alone it is a minority: nothing it proposes commits.
        Assert.True(await Poll.UntilAsync(
            async () => lab.Output(victim).Contains("quorum LOST", StringComparison.Ordinal), TimeSpan.FromSeconds(10)));
        var isolated = (await lab.ReadJournalAsync(victim)).Skip(before);
        Assert.DoesNotContain(isolated, e => survivors.Any(s => DeclaredDead(e.Envelope.Data, s)));
    }

    [Fact]
    public async Task TwoNodesAndWitness_CutAllPathsOfOneMember_TheOtherAndTheWitnessDeclareItDead()
    {
        await using var lab = await UpAsync(namespaces: true, twoNodesAndWitness: true);
        Assert.True(lab.State.Node("node3").Witness);
        var victim = lab.Leader("node1") == "node2" ? "node1" : "node2";
        var other = victim == "node1" ? "node2" : "node1";
        var before = (await lab.ReadJournalAsync(victim)).Count; // start-up verdicts (a late starter) do not count

        lab.Cut(victim, "all");

        Assert.NotNull(await lab.WaitForEventAsync(other, e => DeclaredDead(e, victim), TimeSpan.FromSeconds(15)));
        Assert.NotNull(await lab.WaitForEventAsync("node3", e => DeclaredDead(e, victim), TimeSpan.FromSeconds(15)));
        Assert.DoesNotContain((await lab.ReadJournalAsync(victim)).Skip(before), e => DeclaredDead(e.Envelope.Data, other));
    }

    /// <summary>Isolates the leader itself: the two others must elect a new leader before they can commit the verdict.</summary>
    [Fact]
    public async Task CutAllPaths_OfTheLeader_TheOthersElectANewLeaderAndDeclareItDead()
    {
        await using var lab = await UpAsync(namespaces: true);
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(lab.Leader("node1") is not null), TimeSpan.FromSeconds(10)));
        var leader = lab.Leader("node1")!;
        var survivors = lab.Nodes.Where(n => n != leader).ToArray();
        // A node that started after the leader may have been declared dead (and rejoined) at start-up: only what the
        // isolated leader journals after the cut matters.
        var before = (await lab.ReadJournalAsync(leader)).Count;

        lab.Cut(leader, "all");

        foreach (var survivor in survivors)
        {
            Assert.NotNull(await lab.WaitForEventAsync(survivor, e => DeclaredDead(e, leader), TimeSpan.FromSeconds(15)));
        }

        Assert.DoesNotContain((await lab.ReadJournalAsync(leader)).Skip(before), e => survivors.Any(s => DeclaredDead(e.Envelope.Data, s)));
    }
}
