using Vigil.Engine;
using Vigil.Engine.Events;
using Vigil.Engine.Replay;
using Vigil.Journal;

namespace Vigil.Specs.Unit.Replay;

public sealed class ReplaySpecs
{
    public static IEnumerable<int> SeedValues => Enumerable.Range(1, 30).Select(i => i * 7919);

    public static TheoryData<int> Seeds() => [.. SeedValues];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task Verify_GeneratedLiveHistory_ReproducesEveryDecisionAndTheLiveState(int seed)
    {
        var (sim, store) = await GeneratedHistories.RunAsync(seed);
        await using var _ = sim;

        var report = new ReplayVerifier(EngineEvents.Serializer).Verify(ReplayVerifier.Order(store.Events));

        Assert.True(report.Matches, report.Divergence?.ToString());
        Assert.Equal(sim.Engine.Engine.State.Describe(), report.State.Describe());
        Assert.Empty(sim.Violations);
        Assert.Empty(report.State.Anomalies);
    }

    [Fact]
    public async Task Verify_OneRecordedDecisionAltered_DivergesExactlyThere()
    {
        var (sim, store) = await GeneratedHistories.RunAsync(424242);
        await using var _ = sim;
        var events = ReplayVerifier.Order(store.Events);
        var victim = events.First(e => e.Envelope.Data is InstanceEvents.ActionRequested);
        var altered = events.Select(e => e == victim
            ? e with { Envelope = e.Envelope with { Data = ((InstanceEvents.ActionRequested)e.Envelope.Data) with { Node = "elsewhere" } } }
            : e).ToList();

        var report = new ReplayVerifier(EngineEvents.Serializer).Verify(altered);

        Assert.False(report.Matches);
        Assert.Equal(victim.Position, report.Divergence!.Position);
        Assert.Contains("elsewhere", report.Divergence.Expected, StringComparison.Ordinal);
        Assert.Equal("the engine decided differently", report.Divergence.Problem);
    }

    [Fact]
    public async Task Verify_RecordedDecisionRemoved_ReportsTheMissingDecision()
    {
        var (sim, store) = await GeneratedHistories.RunAsync(99);
        await using var _ = sim;
        var events = ReplayVerifier.Order(store.Events);
        var victim = events.Last(e => e.Envelope.Kind == EventKind.Decision);

        var report = new ReplayVerifier(EngineEvents.Serializer).Verify([.. events.Where(e => e != victim)]);

        Assert.False(report.Matches);
        Assert.Contains("the journal records", report.Divergence!.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Simulation_SameSeed_SameDecisions()
    {
        var (a, storeA) = await GeneratedHistories.RunAsync(2024);
        var (b, storeB) = await GeneratedHistories.RunAsync(2024);
        await using var _ = a;
        await using var __ = b;

        string Decisions(IEnumerable<RecordedEvent> events) => string.Join('\n', events
            .Where(e => e.Envelope.Kind == EventKind.Decision)
            .Select(e => EngineEvents.Serializer.SerializeDataToString(e.Envelope.Data)));

        Assert.Equal(Decisions(storeA.Events), Decisions(storeB.Events));
        Assert.Equal(a.Engine.Engine.State.Describe(), b.Engine.Engine.State.Describe());
    }
}
