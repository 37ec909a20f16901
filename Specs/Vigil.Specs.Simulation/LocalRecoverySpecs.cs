using Vigil.Engine;
using Vigil.Engine.Audit;
using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Engine.Replay;
using Vigil.Engine.Simulation;

namespace Vigil.Specs.Simulation;

/// <summary>Periodic checks in a whole simulated cluster: recovery in place, failover after it, and their audit trail.</summary>
public sealed class LocalRecoverySpecs
{
    private static readonly string[] ThreeNodes = ["node1", "node2", "node3"];

    [Fact]
    public async Task QuickCheckFails_RecoverSucceeds_StaysWhereItIsAndRunsAgain()
    {
        var store = new InMemoryJournalStore();
        await using var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = 41 }, store);
        Assert.True(await SampleHierarchy.ProtectAsync(sim, "web", ThreeNodes, "10.0.0.10/24"));

        sim.AddFaultRule(new FaultRule("web-app", "node1", KitAction.QuickCheck, "process 4242 is gone", Times: 1));

        Assert.True(await sim.RunUntilAsync(() => store.Events.Any(e => e.Envelope.Data is InstanceEvents.InstanceTransitioned { Trigger: InstanceTrigger.RecoverSucceeded }), TimeSpan.FromSeconds(5)));
        await sim.RunForAsync(TimeSpan.FromSeconds(2));
        Assert.True(sim.IsInServiceOn("web-app", "node1"));
        Assert.Contains("web-app", sim.Nodes["node1"].Running);
        Assert.Empty(sim.Violations);
        Assert.Equal(1, sim.Engine.Engine.State.FindInstance("web-app", "node1")!.FailureCount);
    }

    [Fact]
    public async Task QuickCheckFails_RecoverFails_FailsOverAndWhyTellsTheStory()
    {
        var store = new InMemoryJournalStore();
        await using var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = 42 }, store);
        Assert.True(await SampleHierarchy.ProtectAsync(sim, "web", ThreeNodes, "10.0.0.10/24"));

        sim.AddFaultRule(new FaultRule("web-app", "node1", KitAction.Recover, "cannot bind port 8080"));
        sim.AddFaultRule(new FaultRule("web-app", "node1", KitAction.QuickCheck, "process 4242 is gone", Times: 1));

        Assert.True(await sim.RunUntilAsync(() => sim.IsInServiceOn("web-app", "node2"), TimeSpan.FromSeconds(5)));
        Assert.Empty(sim.Violations);
        Assert.Empty(sim.Nodes["node1"].Running);
        var ordered = ReplayVerifier.Order(store.Events);
        var why = WhyExplainer.Explain(ordered, "web-app");
        Assert.NotNull(why);
        Assert.StartsWith("web-app is ISP on node2", why.Summary, StringComparison.Ordinal);
        Assert.Contains("quickCheck of web-app failed on node1 → recover of web-app on node1 failed: cannot bind port 8080 → failover to node2 by priority", why.Summary, StringComparison.Ordinal);
        Assert.Contains(why.FailedActions, f => f.Contains("cannot bind port 8080", StringComparison.Ordinal));
        var report = new ReplayVerifier(EngineEvents.Serializer).Verify(ordered);
        Assert.True(report.Matches, report.Divergence?.ToString());
        Assert.Equal(sim.Engine.Engine.State.Describe(), report.State.Describe());
    }

    [Fact]
    public async Task QuickCheckKeepsFailing_ReachesTheThreshold_FailsOverWithoutAThirdRecovery()
    {
        var store = new InMemoryJournalStore();
        await using var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = 43 }, store);
        Assert.True(await SampleHierarchy.ProtectAsync(sim, "web", ThreeNodes, "10.0.0.10/24"));

        sim.AddFaultRule(new FaultRule("web-ip", "node1", KitAction.QuickCheck, "address vanished"));

        Assert.True(await sim.RunUntilAsync(() => sim.IsInServiceOn("web-app", "node2"), TimeSpan.FromSeconds(10)));
        Assert.Equal(2, store.Events.Select(e => e.Envelope.Data).OfType<InstanceEvents.ActionRequested>().Count(a => a.Action == KitAction.Recover));
        Assert.Equal(3, sim.Engine.Engine.State.FindInstance("web-ip", "node1")!.FailureCount);
        Assert.Empty(sim.Violations);
    }

    [Fact]
    public async Task NodeInMaintenance_Crashes_NothingMovesUntilMaintenanceEnds()
    {
        var store = new InMemoryJournalStore();
        await using var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = 44 }, store);
        Assert.True(await SampleHierarchy.ProtectAsync(sim, "web", ThreeNodes, "10.0.0.10/24"));
        Assert.False((await sim.SubmitAsync(new MaintenanceCommands.SetNodeMaintenance("node1", true))).Refused);

        sim.Crash("node1");
        Assert.True(await sim.RunUntilAsync(() => !sim.Engine.Engine.State.Nodes["node1"].Alive, TimeSpan.FromSeconds(5)));
        await sim.RunForAsync(TimeSpan.FromSeconds(2));
        Assert.Null(sim.Nodes.Values.FirstOrDefault(n => n.Running.Count > 0));
        Assert.True(sim.IsInServiceOn("web-app", "node1"));

        await sim.SubmitAsync(new MaintenanceCommands.SetNodeMaintenance("node1", false));

        Assert.True(await sim.RunUntilAsync(() => sim.IsInServiceOn("web-app", "node2"), TimeSpan.FromSeconds(5)));
        Assert.Empty(sim.Violations);
    }

    [Fact]
    public async Task DeepCheckDegrades_ThenClears_IsuThenIspAgain()
    {
        var store = new InMemoryJournalStore();
        await using var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = 45 }, store);
        Assert.True(await SampleHierarchy.ProtectAsync(sim, "web", ThreeNodes, "10.0.0.10/24"));

        sim.AddFaultRule(new FaultRule("web-fs", "node1", KitAction.DeepCheck, "95% full", Times: 1));

        Assert.True(await sim.RunUntilAsync(() => sim.Engine.Engine.State.FindInstance("web-fs", "node1")!.State == InstanceState.Isu, TimeSpan.FromSeconds(5)));
        Assert.True(await sim.RunUntilAsync(() => sim.Engine.Engine.State.FindInstance("web-fs", "node1")!.State == InstanceState.Isp, TimeSpan.FromSeconds(5)));
        Assert.DoesNotContain(store.Events, e => e.Envelope.Data is OperationEvents.OperationStarted { Kind: OperationKind.Failover });
    }
}
