using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Engine.Replay;
using Vigil.Engine.Simulation;
using Vigil.Engine.State;

namespace Vigil.Specs.Simulation;

/// <summary>
/// Issue 4/8: a node declared dead without being fenced keeps running its copy while the majority takes over. What it
/// must release used to live in vigild's memory only (lost on a restart, never known after a vigild crash). Now the
/// replicated state marks it (<see cref="InstanceInfo.ReleasePending"/>), projected from the journal alone, so the
/// state a restarted vigild rebuilds from its log says what to release; the node releases it, parents first, and the
/// mark goes once the node has proven each instance stopped.
/// </summary>
public sealed class ReleasePendingRestartSpecs
{
    private static readonly string[] ThreeNodes = ["node1", "node2", "node3"];
    private static readonly string[] ParentsFirst = ["web-app", "web-fs", "web-ip"];

    [Fact]
    public async Task DeclaredDeadWhileRunning_StateRebuiltFromTheJournal_SaysWhatToRelease_ParentsFirst()
    {
        var store = new InMemoryJournalStore();
        await using var sim = await TakenOverWhileStillRunningAsync(store, seed: 94);

        // What a restarted vigild has: only the journal (its Raft log), replayed into a fresh state.
        var rebuilt = Rebuild(store);

        Assert.Equal(ParentsFirst, PendingRelease(rebuilt, "node1"));
        Assert.Empty(PendingRelease(rebuilt, "node2"));
        Assert.Equal(sim.Engine.Engine.State.Describe(), rebuilt.Describe());
    }

    [Fact]
    public async Task RestartedNode_ReleasesFromTheRebuiltState_NothingRunsThereAndNothingIsLeftPending()
    {
        var store = new InMemoryJournalStore();
        await using var sim = await TakenOverWhileStillRunningAsync(store, seed: 95);
        var violations = sim.Violations.Count;

        // The restarted node plays its part from the rebuilt state: its own remove failed, so it asks the engine.
        foreach (var tag in PendingRelease(Rebuild(store), "node1"))
        {
            Assert.False((await sim.SubmitAsync(new MembershipInputs.ReportReleaseFailed("node1", tag, "failed: umount: target is busy"))).Refused);
            Assert.True(await sim.RunUntilAsync(() => sim.Engine.Engine.State.FindInstance(tag, "node1")!.State == InstanceState.Osu, TimeSpan.FromSeconds(5)), string.Join("\n", sim.Timeline));
        }

        await sim.RunForAsync(TimeSpan.FromSeconds(5));
        Assert.Empty(sim.Nodes["node1"].Running);
        Assert.True(sim.IsInServiceOn("web-app", "node2"));
        Assert.Equal(violations, sim.Violations.Count);
        Assert.Empty(PendingRelease(Rebuild(store), "node1"));
        var replay = new ReplayVerifier(Vigil.Engine.EngineEvents.Serializer).Verify(ReplayVerifier.Order(store.Events));
        Assert.True(replay.Matches, replay.Divergence?.ToString());
    }

    [Fact]
    public async Task RestartedNode_RemovedItsCopyItself_ReportsItReleased_TheMarkGoesWithoutAnotherRemove()
    {
        var store = new InMemoryJournalStore();
        await using var sim = await TakenOverWhileStillRunningAsync(store, seed: 96);
        var requested = store.Events.Count(e => e.Envelope.Data is InstanceEvents.ActionRequested);

        foreach (var tag in PendingRelease(Rebuild(store), "node1"))
        {
            Assert.False((await sim.SubmitAsync(new MembershipInputs.ReportReleased("node1", tag))).Refused);
        }

        Assert.Empty(PendingRelease(Rebuild(store), "node1"));
        Assert.Equal(requested, store.Events.Count(e => e.Envelope.Data is InstanceEvents.ActionRequested));
        Assert.Equal(ParentsFirst, store.Events.Select(e => e.Envelope.Data).OfType<InstanceEvents.InstanceReleased>().Select(r => r.Tag));
    }

    private static ClusterState Rebuild(InMemoryJournalStore store)
    {
        var state = new ClusterState();
        foreach (var e in ReplayVerifier.Order(store.Events))
        {
            if (e.Envelope.Data is IDecisionEvent d)
            {
                state.Apply(d);
            }
        }

        return state;
    }

    /// <summary>The instances pending release on <paramref name="node"/>, parents first (as vigild releases them).</summary>
    private static List<string> PendingRelease(ClusterState state, string node) =>
        [.. state.Resources.Values
            .Where(r => r.Instances.TryGetValue(node, out var i) && i.ReleasePending)
            .OrderBy(r => state.Ancestors(r.Tag).Length)
            .ThenBy(r => r.Tag, StringComparer.Ordinal)
            .Select(r => r.Tag)];

    /// <summary>web on node1; node1 declared dead without being fenced (its processes did not stop), taken over by node2, rejoined.</summary>
    private static async Task<SimulatedCluster> TakenOverWhileStillRunningAsync(InMemoryJournalStore store, int seed)
    {
        var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = seed }, store);
        Assert.True(await SampleHierarchy.ProtectAsync(sim, "web", ThreeNodes, "10.0.0.10/24"));
        Assert.False((await sim.SubmitAsync(new MembershipInputs.DeclareNodeDead("node1", "lease expired"))).Refused);
        Assert.True(await sim.RunUntilAsync(() => sim.IsInServiceOn("web-app", "node2") && sim.Engine.Engine.State.Nodes["node1"].Alive, TimeSpan.FromSeconds(10)), string.Join("\n", sim.Timeline));
        Assert.Equal(ParentsFirst.Order(StringComparer.Ordinal), sim.Nodes["node1"].Running);
        return sim;
    }
}
