using Vigil.Engine;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Engine.Replay;
using Vigil.Engine.Simulation;

namespace Vigil.Specs.Simulation;

/// <summary>
/// Issue 8 (two mirror primaries): a failed check or recover is no proof that a resource stopped. A mirror whose check
/// failed is still primary; the engine used to take the failed (OSF) instance as stopped and restored the hierarchy on
/// the next node without removing it first. Ground truth: the simulated processes (<see cref="SimulatedCluster.Violations"/>).
/// </summary>
public sealed class FailedInPlaceSpecs
{
    private static readonly string[] ThreeNodes = ["node1", "node2", "node3"];

    [Fact]
    public async Task RecoverFails_FailedInstanceStillRuns_RemovedThereBeforeRestoredOnTheNextNode()
    {
        var store = new InMemoryJournalStore();
        await using var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = 81 }, store);
        Assert.True(await SampleHierarchy.ProtectAsync(sim, "web", ThreeNodes, "10.0.0.10/24"));

        sim.AddFaultRule(new FaultRule("web-fs", "node1", KitAction.QuickCheck, "export does not answer", Times: 1, KeepsRunning: true));
        sim.AddFaultRule(new FaultRule("web-fs", "node1", KitAction.Recover, "no local recovery"));

        Assert.True(await sim.RunUntilAsync(() => sim.IsInServiceOn("web-app", "node2"), TimeSpan.FromSeconds(10)), string.Join("\n", sim.Timeline));
        Assert.Empty(sim.Violations);
        Assert.Empty(sim.Nodes["node1"].Running);
        var requests = store.Events.Select(e => e.Envelope.Data).OfType<InstanceEvents.ActionRequested>().ToList();
        var removed = requests.FindIndex(a => a is { Tag: "web-fs", Node: "node1", Action: KitAction.Remove });
        var restored = requests.FindIndex(a => a is { Tag: "web-fs", Node: "node2", Action: KitAction.Restore });
        Assert.True(removed >= 0 && removed < restored, $"remove of the failed web-fs on node1 (#{removed}) must come before its restore on node2 (#{restored})");
        var ordered = ReplayVerifier.Order(store.Events);
        var report = new ReplayVerifier(EngineEvents.Serializer).Verify(ordered);
        Assert.True(report.Matches, report.Divergence?.ToString());
    }

    [Fact]
    public async Task RecoverFails_RemoveOfTheFailedInstanceFailsToo_NeverRestoredElsewhere()
    {
        var store = new InMemoryJournalStore();
        await using var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = 82 }, store);
        Assert.True(await SampleHierarchy.ProtectAsync(sim, "web", ThreeNodes, "10.0.0.10/24"));

        sim.AddFaultRule(new FaultRule("web-fs", "node1", KitAction.QuickCheck, "export does not answer", Times: 1, KeepsRunning: true));
        sim.AddFaultRule(new FaultRule("web-fs", "node1", KitAction.Recover, "no local recovery"));
        sim.AddFaultRule(new FaultRule("web-fs", "node1", KitAction.Remove, "demote refused"));

        Assert.True(
            await sim.RunUntilAsync(() => store.Events.Any(e => e.Envelope.Data is OperationEvents.OperationFailed), TimeSpan.FromSeconds(10)),
            string.Join("\n", sim.Timeline));
        await sim.RunForAsync(TimeSpan.FromSeconds(5));
        Assert.Empty(sim.Violations);
        Assert.Contains("web-fs", sim.Nodes["node1"].Running);
        Assert.Empty(sim.Nodes["node2"].Running);
        Assert.Empty(sim.Nodes["node3"].Running);
        Assert.Equal(InstanceState.Osf, sim.Engine.Engine.State.FindInstance("web-fs", "node1")!.State);
        var failed = store.Events.Select(e => e.Envelope.Data).OfType<OperationEvents.OperationFailed>().Single();
        Assert.Contains(failed.Reasons, r => r.Contains("remove of web-fs on node1 failed", StringComparison.Ordinal));
    }
}
