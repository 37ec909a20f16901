using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Engine.Replay;
using Vigil.Engine.Simulation;

namespace Vigil.Specs.Simulation;

/// <summary>
/// Issue 8: a node that lost quorum is declared dead by the majority, which takes its hierarchy over; the node's own
/// remove of it failed (its quorum-loss action, then again when it caught up), so it still runs there while the cluster
/// has it out of service. Nothing asked again. Now vigild reports each instance it could not release
/// (<see cref="MembershipInputs.ReportReleaseFailed"/>, parents first) and the engine requests the remove again. Here the
/// simulated node plays the lapsed node: it is declared dead without being fenced, keeps its processes, and rejoins.
/// </summary>
public sealed class ReleaseAfterQuorumLossSpecs
{
    private static readonly string[] ThreeNodes = ["node1", "node2", "node3"];
    private static readonly string[] ParentsFirst = ["web-app", "web-fs", "web-ip"];

    [Fact]
    public async Task ReleaseFailedAfterCatchUp_EngineRequestsTheRemoveAgain_ParentsFirst_TheNodeRunsNothing()
    {
        var store = new InMemoryJournalStore();
        await using var sim = await TakenOverWhileStillRunningAsync(store, seed: 91);

        foreach (var tag in ParentsFirst)
        {
            var report = await sim.SubmitAsync(new MembershipInputs.ReportReleaseFailed("node1", tag, "failed: umount: target is busy"));
            Assert.False(report.Refused, report.Decision.Error?.ToString());
            Assert.True(await sim.RunUntilAsync(() => sim.Engine.Engine.State.FindInstance(tag, "node1")!.State == InstanceState.Osu, TimeSpan.FromSeconds(5)), string.Join("\n", sim.Timeline));
        }

        var violations = sim.Violations.Count;
        await sim.RunForAsync(TimeSpan.FromSeconds(5));
        Assert.Empty(sim.Nodes["node1"].Running);
        Assert.True(sim.IsInServiceOn("web-app", "node2"));
        Assert.Equal(violations, sim.Violations.Count);
        var removes = store.Events.Select(e => e.Envelope.Data).OfType<InstanceEvents.ActionRequested>()
            .Where(a => a is { Node: "node1", Action: KitAction.Remove, OperationId: 0 }).Select(a => a.Tag).ToList();
        Assert.Equal(ParentsFirst, removes);
        Assert.All(ParentsFirst, t => Assert.Equal(1, sim.Engine.Engine.State.FindInstance(t, "node1")!.FailureCount));
        var replay = new ReplayVerifier(Vigil.Engine.EngineEvents.Serializer).Verify(ReplayVerifier.Order(store.Events));
        Assert.True(replay.Matches, replay.Divergence?.ToString());
    }

    [Fact]
    public async Task ReleaseFailedAfterCatchUp_RemoveFailsAgain_OsfWithItsReasonAndTheTakeoverUntouched()
    {
        var store = new InMemoryJournalStore();
        await using var sim = await TakenOverWhileStillRunningAsync(store, seed: 92);
        sim.AddFaultRule(new FaultRule("web-app", "node1", KitAction.Remove, "umount: target is busy"));

        Assert.False((await sim.SubmitAsync(new MembershipInputs.ReportReleaseFailed("node1", "web-app", "failed: umount: target is busy"))).Refused);
        Assert.True(await sim.RunUntilAsync(() => sim.Engine.Engine.State.FindInstance("web-app", "node1")!.State == InstanceState.Osf, TimeSpan.FromSeconds(5)));
        await sim.RunForAsync(TimeSpan.FromSeconds(5));

        Assert.Contains("web-app", sim.Nodes["node1"].Running);
        Assert.True(sim.IsInServiceOn("web-app", "node2"));
        Assert.DoesNotContain(store.Events.Select(e => e.Envelope.Data).OfType<OperationEvents.OperationStarted>(), s => s.Cause.Contains("release", StringComparison.Ordinal));
        var osf = store.Events.Select(e => e.Envelope.Data).OfType<InstanceEvents.InstanceTransitioned>().Last(t => t is { Tag: "web-app", Node: "node1" });
        Assert.Equal(InstanceTrigger.RemoveFailed, osf.Trigger);
        Assert.Contains("umount: target is busy", osf.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReleaseFailed_WhileTheTakeoverStillRuns_RefusedBusyUntilItEnds()
    {
        var store = new InMemoryJournalStore();
        await using var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = 93 }, store);
        Assert.True(await SampleHierarchy.ProtectAsync(sim, "web", ThreeNodes, "10.0.0.10/24"));
        await sim.SubmitAsync(new MembershipInputs.DeclareNodeDead("node1", "lease expired"));
        await sim.SubmitAsync(new MembershipInputs.ReportNodeRejoined("node1"));

        var early = await sim.SubmitAsync(new MembershipInputs.ReportReleaseFailed("node1", "web-app", "failed"));

        Assert.True(early.Refused);
        Assert.Equal("busy", early.Decision.Error!.Code);
    }

    /// <summary>web on node1; node1 declared dead without being fenced (its lease ran out, its processes did not stop), taken over by node2, rejoined.</summary>
    private static async Task<SimulatedCluster> TakenOverWhileStillRunningAsync(InMemoryJournalStore store, int seed)
    {
        var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = seed }, store);
        Assert.True(await SampleHierarchy.ProtectAsync(sim, "web", ThreeNodes, "10.0.0.10/24"));
        Assert.False((await sim.SubmitAsync(new MembershipInputs.DeclareNodeDead("node1", "lease expired"))).Refused);
        Assert.True(await sim.RunUntilAsync(() => sim.IsInServiceOn("web-app", "node2") && sim.Engine.Engine.State.Nodes["node1"].Alive, TimeSpan.FromSeconds(10)), string.Join("\n", sim.Timeline));
        Assert.Equal(ParentsFirst.Order(StringComparer.Ordinal), sim.Nodes["node1"].Running);
        Assert.All(ParentsFirst, t => Assert.Equal(InstanceState.Osu, sim.Engine.Engine.State.FindInstance(t, "node1")!.State));
        return sim;
    }
}
