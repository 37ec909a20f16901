using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Engine.Simulation;

namespace Vigil.Specs.Simulation;

public sealed class SwitchoverSpecs
{
    private static readonly string[] ThreeNodes = ["node1", "node2", "node3"];

    [Fact]
    public async Task Switchover_ToBackup_RemovesParentsFirstThenRestoresChildrenFirst()
    {
        var store = new InMemoryJournalStore();
        await using var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = 21 }, store);
        Assert.True(await SampleHierarchy.ProtectAsync(sim, "web", ThreeNodes, "10.0.0.10/24"));
        var before = store.Events.Count;

        Assert.False((await sim.SubmitAsync(new OperatorCommands.Switchover("web-ip", "node3"))).Refused);
        Assert.True(await sim.RunUntilAsync(() => sim.IsInServiceOn("web-app", "node3"), TimeSpan.FromSeconds(5)));

        var steps = store.Events.Skip(before).Select(e => e.Envelope.Data).OfType<InstanceEvents.InstanceTransitioned>()
            .Where(t => t.Trigger is InstanceTrigger.RemoveSucceeded or InstanceTrigger.RestoreSucceeded)
            .Select(t => $"{t.Trigger}:{t.Tag}@{t.Node}").ToList();
        Assert.Equal("RemoveSucceeded:web-app@node1", steps[0]);
        Assert.Equal("RestoreSucceeded:web-app@node3", steps[^1]);
        Assert.True(steps.IndexOf("RemoveSucceeded:web-ip@node1") < steps.IndexOf("RestoreSucceeded:web-ip@node3"));
        Assert.Empty(sim.Nodes["node1"].Running);
        Assert.Empty(sim.Violations);
    }

    [Fact]
    public async Task Switchover_ToNodeWithoutTheResource_RefusedNamingIt()
    {
        await using var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = 22 }, new InMemoryJournalStore());
        Assert.True(await SampleHierarchy.ProtectAsync(sim, "web", ["node1", "node2"], "10.0.0.10/24"));

        var result = await sim.SubmitAsync(new OperatorCommands.Switchover("web-app", "node3"));

        Assert.Equal("not-extended", result.Decision.Error?.Code);
        Assert.Contains("node3", result.Decision.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Switchover_RemoveFailsOnSource_HierarchyStaysOsfThereAndIsNotRestoredElsewhere()
    {
        await using var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = 23 }, new InMemoryJournalStore());
        Assert.True(await SampleHierarchy.ProtectAsync(sim, "web", ThreeNodes, "10.0.0.10/24"));
        sim.AddFaultRule(new FaultRule("web-fs", "node1", KitAction.Remove, "umount: target is busy"));

        await sim.SubmitAsync(new OperatorCommands.Switchover("web-app", "node2"));
        await sim.RunForAsync(TimeSpan.FromSeconds(3));

        Assert.Equal(InstanceState.Osf, sim.Engine.Engine.State.FindInstance("web-fs", "node1")!.State);
        Assert.Contains("web-fs", sim.Nodes["node1"].Running);
        Assert.Empty(sim.Nodes["node2"].Running);
        Assert.Empty(sim.Violations);
    }

    [Fact]
    public async Task OperatorRemove_OfAChild_TakesItsParentsOutFirst()
    {
        await using var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = 24 }, new InMemoryJournalStore());
        Assert.True(await SampleHierarchy.ProtectAsync(sim, "web", ThreeNodes, "10.0.0.10/24"));

        await sim.SubmitAsync(new OperatorCommands.RemoveResource("web-ip"));
        await sim.RunForAsync(TimeSpan.FromSeconds(2));

        var state = sim.Engine.Engine.State;
        Assert.Equal(InstanceState.Osu, state.FindInstance("web-ip", "node1")!.State);
        Assert.Equal(InstanceState.Osu, state.FindInstance("web-app", "node1")!.State);
        Assert.Equal(InstanceState.Isp, state.FindInstance("web-fs", "node1")!.State);
        Assert.Equal(["web-fs"], sim.Nodes["node1"].Running);
    }

    [Fact]
    public async Task Restore_WhileActiveOnAnotherNode_Refused()
    {
        await using var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = 25 }, new InMemoryJournalStore());
        Assert.True(await SampleHierarchy.ProtectAsync(sim, "web", ThreeNodes, "10.0.0.10/24"));

        var result = await sim.SubmitAsync(new OperatorCommands.RestoreResource("web-fs", "node2"));

        Assert.Equal("active-elsewhere", result.Decision.Error?.Code);
    }
}
