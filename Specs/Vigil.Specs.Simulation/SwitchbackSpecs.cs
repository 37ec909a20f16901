using Vigil.Engine.Model;
using Vigil.Engine.Simulation;

namespace Vigil.Specs.Simulation;

public sealed class SwitchbackSpecs
{
    private static readonly string[] ThreeNodes = ["node1", "node2", "node3"];

    private static async Task<SimulatedCluster> FailedOverAsync(SwitchbackMode mode, int seed)
    {
        var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = seed }, new InMemoryJournalStore());
        Assert.True(await SampleHierarchy.ProtectAsync(sim, "web", ThreeNodes, "10.0.0.10/24", mode));
        sim.Crash("node1");
        Assert.True(await sim.RunUntilAsync(() => sim.IsInServiceOn("web-app", "node2"), TimeSpan.FromSeconds(5)));
        return sim;
    }

    [Fact]
    public async Task Automatic_HighestPriorityNodeRejoins_HierarchyReturnsToIt()
    {
        await using var sim = await FailedOverAsync(SwitchbackMode.Automatic, 31);

        sim.Restart("node1");

        Assert.True(await sim.RunUntilAsync(() => sim.IsInServiceOn("web-app", "node1"), TimeSpan.FromSeconds(5)));
        Assert.Empty(sim.Nodes["node2"].Running);
        Assert.Empty(sim.Violations);
    }

    [Fact]
    public async Task Intelligent_HighestPriorityNodeRejoins_HierarchyStaysWhereItIs()
    {
        await using var sim = await FailedOverAsync(SwitchbackMode.Intelligent, 32);

        sim.Restart("node1");
        Assert.True(await sim.RunUntilAsync(() => sim.Engine.Engine.State.Nodes["node1"].Alive, TimeSpan.FromSeconds(5)));
        await sim.RunForAsync(TimeSpan.FromSeconds(2));

        Assert.True(sim.IsInServiceOn("web-app", "node2"));
        Assert.Empty(sim.Nodes["node1"].Running);
    }

    [Fact]
    public async Task Automatic_LowerPriorityNodeRejoins_NeverMovesTowardsIt()
    {
        var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = 33 }, new InMemoryJournalStore());
        await using var _ = sim;
        Assert.True(await SampleHierarchy.ProtectAsync(sim, "web", ThreeNodes, "10.0.0.10/24", SwitchbackMode.Automatic));
        sim.Crash("node3");
        Assert.True(await sim.RunUntilAsync(() => !sim.Engine.Engine.State.Nodes["node3"].Alive, TimeSpan.FromSeconds(5)));

        sim.Restart("node3");
        Assert.True(await sim.RunUntilAsync(() => sim.Engine.Engine.State.Nodes["node3"].Alive, TimeSpan.FromSeconds(5)));
        await sim.RunForAsync(TimeSpan.FromSeconds(2));

        Assert.True(sim.IsInServiceOn("web-app", "node1"));
    }
}
