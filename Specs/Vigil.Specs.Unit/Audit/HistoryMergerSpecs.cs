using Bogus;
using Vigil.Engine;
using Vigil.Engine.Audit;
using Vigil.Engine.Commands;
using Vigil.Engine.Replay;
using Vigil.Engine.Simulation;
using Vigil.Journal;
using Vigil.Specs.Unit.Replay;

namespace Vigil.Specs.Unit.Audit;

/// <summary>Several nodes' journals of one replicated cluster merge into the history one node would have recorded alone, each replicated decision once.</summary>
public sealed class HistoryMergerSpecs
{
    public static TheoryData<int> Seeds => [.. Enumerable.Range(300, 12)];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Merge_GeneratedReplicatedJournals_KeepsEveryInputOnceAndReplaysExactly(int seed)
    {
        var (sim, original) = await GeneratedHistories.RunAsync(seed);
        await sim.DisposeAsync();
        var faker = new Faker { Random = new Randomizer(seed) };
        var inputs = original.Events.Count(e => e.Envelope.Kind == EventKind.Input && e.Envelope.Data is not ILocalObservation);
        var stores = sim.Nodes.Keys.ToDictionary(n => n, IJournalStore (_) => new InMemoryJournalStore());
        // One node journals everything (the survivor); the others stop anywhere (died, or not caught up yet).
        var survivor = faker.PickRandom(stores.Keys.ToList());
        var journaled = stores.Keys.ToDictionary(n => n, n => n == survivor ? inputs : faker.Random.Int(0, inputs));
        await ReplicatedJournals.WriteAsync(original.Events, stores, journaled);
        var all = stores.Values.SelectMany(s => ((InMemoryJournalStore)s).Events).ToList();

        var merged = HistoryMerger.Merge(faker.Random.Shuffle(all));

        Assert.Equal(inputs, merged.Events.Count(e => e.Envelope.Kind == EventKind.Input && e.Envelope.Data is not ILocalObservation));
        Assert.Equal(original.Events.Count(e => e.Envelope.Kind == EventKind.Decision), merged.Events.Count(e => e.Envelope.Kind == EventKind.Decision));
        Assert.Equal(all.Count - merged.Events.Count, merged.Dropped);
        Assert.Empty(merged.Disagreements);
        Assert.Equal(Enumerable.Range(1, merged.Events.Count).Select(i => (long)i), merged.Events.Select(e => e.Position));
        var replay = new ReplayVerifier(EngineEvents.Serializer).Verify(merged.Events);
        Assert.True(replay.Matches, replay.Divergence?.ToString());
    }

    [Fact]
    public async Task Merge_ChainRecordedPartlyByADeadNode_ReadsAsOneCorrelation()
    {
        var original = new InMemoryJournalStore();
        await using (var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = 4 }, original))
        {
            Assert.True(await SampleHierarchy.ProtectAsync(sim, "web", ["node1", "node2", "node3"], "192.0.2.10/24"));
            sim.Crash("node1");
            Assert.True(await sim.RunUntilAsync(() => sim.IsInServiceOn("web-app", "node2"), TimeSpan.FromSeconds(10)));
        }

        var stores = new Dictionary<string, IJournalStore> { ["node2"] = new InMemoryJournalStore(), ["node3"] = new InMemoryJournalStore() };
        var failover = ReplayVerifier.Order(original.Events).Where(e => e.Envelope.Kind == EventKind.Input && e.Envelope.Data is not ILocalObservation)
            .TakeWhile(e => e.Envelope.Data is not MembershipInputs.DeclareNodeDead).Count();
        // node3 stops in the middle of the failover (after the verdict and a few kit results); node2 has it all.
        await ReplicatedJournals.WriteAsync(original.Events, stores, new Dictionary<string, int> { ["node3"] = failover + 3 });
        var node3 = ((InMemoryJournalStore)stores["node3"]).Events;
        var node2 = ((InMemoryJournalStore)stores["node2"]).Events;

        // node3's copies come first, so the start of the failover is kept from node3 and the rest from node2.
        var merged = HistoryMerger.Merge([.. node3, .. node2.Select(e => e with { Envelope = e.Envelope with { Hlc = e.Envelope.Hlc with { WallMilliseconds = e.Envelope.Hlc.WallMilliseconds + 1 } } })]);
        var why = WhyExplainer.Explain(merged.Events, "web-app");

        Assert.NotNull(why);
        Assert.Contains(why.Chain, e => e.Envelope.Node == "node3" && e.Envelope.Data is MembershipInputs.DeclareNodeDead);
        Assert.Contains(why.Chain, e => e.Envelope.Node == "node2" && e.Envelope.Data is Vigil.Engine.Events.OperationEvents.OperationCompleted);
        Assert.StartsWith("web-app is ISP on node2", why.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Merge_NodesThatDecidedDifferently_ReportsTheDisagreement()
    {
        var original = new InMemoryJournalStore();
        await using (var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = 5 }, original))
        {
            Assert.True(await SampleHierarchy.ProtectAsync(sim, "web", ["node1", "node2"], "192.0.2.10/24"));
        }

        var stores = new Dictionary<string, IJournalStore> { ["node1"] = new InMemoryJournalStore(), ["node2"] = new InMemoryJournalStore() };
        await ReplicatedJournals.WriteAsync(original.Events, stores);
        var node2 = ((InMemoryJournalStore)stores["node2"]).Events
            .Where(e => e.Envelope.Data is not Vigil.Engine.Events.OperationEvents.OperationCompleted).ToList();

        var merged = HistoryMerger.Merge([.. ((InMemoryJournalStore)stores["node1"]).Events, .. node2]);

        Assert.NotEmpty(merged.Disagreements);
        Assert.Contains("node2 recorded", merged.Disagreements[0], StringComparison.Ordinal);
    }
}
