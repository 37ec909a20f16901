using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Engine.Simulation;

namespace Vigil.Specs.Simulation;

public sealed class FailoverSpecs
{
    private static readonly string[] ThreeNodes = ["node1", "node2", "node3"];

    [Fact]
    public async Task Crash_ActiveNode_HierarchyComesUpOnHighestPriorityBackup()
    {
        await using var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = 7 }, new InMemoryJournalStore());
        Assert.True(await SampleHierarchy.ProtectAsync(sim, "web", ThreeNodes, "10.0.0.10/24"));

        sim.Crash("node1");

        Assert.True(await sim.RunUntilAsync(() => sim.IsInServiceOn("web-app", "node2"), TimeSpan.FromSeconds(5)));
        Assert.Empty(sim.Violations);
        Assert.Empty(sim.Refusals);
        Assert.All(new[] { "web-app", "web-ip", "web-fs" }, t => Assert.Contains(t, sim.Nodes["node2"].Running));
    }

    [Fact]
    public async Task Crash_ActiveNode_RestoresChildrenBeforeParent()
    {
        var store = new InMemoryJournalStore();
        await using var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = 11 }, store);
        Assert.True(await SampleHierarchy.ProtectAsync(sim, "web", ThreeNodes, "10.0.0.10/24"));
        var before = store.Events.Count;

        sim.Crash("node1");
        Assert.True(await sim.RunUntilAsync(() => sim.IsInServiceOn("web-app", "node2"), TimeSpan.FromSeconds(5)));

        var succeeded = store.Events.Skip(before).Select(e => e.Envelope.Data).OfType<InstanceEvents.InstanceTransitioned>()
            .Where(t => t.Trigger == InstanceTrigger.RestoreSucceeded).Select(t => t.Tag).ToList();
        Assert.Equal("web-app", succeeded[^1]);
        Assert.Equal(3, succeeded.Count);
    }

    [Fact]
    public async Task FailedRestore_OnFirstBackup_CascadesToNextPriority()
    {
        await using var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = 3 }, new InMemoryJournalStore());
        Assert.True(await SampleHierarchy.ProtectAsync(sim, "db", ThreeNodes, "10.0.0.20/24"));
        sim.AddFaultRule(new FaultRule("db-app", "node2", KitAction.Restore, "port 5432 already in use"));

        sim.Crash("node1");

        Assert.True(await sim.RunUntilAsync(() => sim.IsInServiceOn("db-app", "node3"), TimeSpan.FromSeconds(5)));
        Assert.Empty(sim.Nodes["node2"].Running);
        Assert.Empty(sim.Violations);
    }

    [Fact]
    public async Task FailedRestore_Everywhere_EndsOsfWithReasonsAndNoLoop()
    {
        var store = new InMemoryJournalStore();
        await using var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = 5 }, store);
        Assert.True(await SampleHierarchy.ProtectAsync(sim, "db", ThreeNodes, "10.0.0.20/24"));
        sim.AddFaultRule(new FaultRule("db-ip", null, KitAction.Restore, "address in use"));

        sim.Crash("node1");
        await sim.RunForAsync(TimeSpan.FromSeconds(10));

        var failed = Assert.Single(store.Events.Select(e => e.Envelope.Data).OfType<OperationEvents.OperationFailed>());
        Assert.Contains(failed.Reasons, r => r.Contains("address in use", StringComparison.Ordinal));
        Assert.Equal(1, store.Events.Select(e => e.Envelope.Data).OfType<OperationEvents.OperationStarted>().Count(s => s.Kind == OperationKind.Failover));
        Assert.Null(sim.InServiceNode("db-app"));
        Assert.All(sim.Nodes.Values, n => Assert.Empty(n.Running));
    }
}
