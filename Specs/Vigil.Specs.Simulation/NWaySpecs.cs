using Vigil.Engine.Simulation;

namespace Vigil.Specs.Simulation;

/// <summary>N-way recovery (each hierarchy its own backups) and N+1 (several actives share one spare).</summary>
public sealed class NWaySpecs
{
    [Fact]
    public async Task NWay_OneNodeHoldsTwoHierarchiesWithDifferentBackups_EachGoesWhereItsPrioritiesSay()
    {
        await using var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = 41 }, new InMemoryJournalStore());
        Assert.True(await SampleHierarchy.ProtectAsync(sim, "files", ["node1", "node2", "node3"], "10.0.0.11/24"));
        Assert.True(await SampleHierarchy.ProtectAsync(sim, "app", ["node1", "node3", "node2"], "10.0.0.12/24"));

        sim.Crash("node1");

        Assert.True(await sim.RunUntilAsync(() => sim.IsInServiceOn("files-app", "node2") && sim.IsInServiceOn("app-app", "node3"), TimeSpan.FromSeconds(5)));
        Assert.Empty(sim.Violations);
    }

    [Fact]
    public async Task NPlusOne_TwoActivesShareOneSpare_FirstFailureLandsOnTheSpare()
    {
        var nodes = new[] { "active1", "active2", "spare" };
        await using var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = 42, Nodes = nodes }, new InMemoryJournalStore());
        Assert.True(await SampleHierarchy.ProtectAsync(sim, "a", ["active1", "spare"], "10.0.0.21/24"));
        Assert.True(await SampleHierarchy.ProtectAsync(sim, "b", ["active2", "spare"], "10.0.0.22/24"));

        sim.Crash("active1");

        Assert.True(await sim.RunUntilAsync(() => sim.IsInServiceOn("a-app", "spare"), TimeSpan.FromSeconds(5)));
        Assert.True(sim.IsInServiceOn("b-app", "active2"));
    }

    [Fact]
    public async Task NPlusOne_SecondFailure_SpareCarriesBothAndThereIsNoThirdPlace()
    {
        // The limit of N+1 the seed notes: one spare absorbs one failure gracefully; a second failure piles both
        // hierarchies onto it; a third (the spare) leaves them with nowhere to go.
        var nodes = new[] { "active1", "active2", "spare" };
        await using var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = 43, Nodes = nodes }, new InMemoryJournalStore());
        Assert.True(await SampleHierarchy.ProtectAsync(sim, "a", ["active1", "spare"], "10.0.0.21/24"));
        Assert.True(await SampleHierarchy.ProtectAsync(sim, "b", ["active2", "spare"], "10.0.0.22/24"));

        sim.Crash("active1");
        Assert.True(await sim.RunUntilAsync(() => sim.IsInServiceOn("a-app", "spare"), TimeSpan.FromSeconds(5)));
        sim.Crash("active2");
        Assert.True(await sim.RunUntilAsync(() => sim.IsInServiceOn("b-app", "spare"), TimeSpan.FromSeconds(5)));

        Assert.Equal(6, sim.Nodes["spare"].Running.Count);
        Assert.Empty(sim.Violations);
    }
}
