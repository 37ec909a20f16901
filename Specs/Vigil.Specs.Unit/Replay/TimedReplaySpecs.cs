using Vigil.Engine;
using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Engine.Replay;
using Vigil.Engine.Runtime;
using Vigil.Engine.Simulation;
using Vigil.Journal;

namespace Vigil.Specs.Unit.Replay;

/// <summary>Failure expiry depends on time; replay must decide alike from the journal alone.</summary>
public sealed class TimedReplaySpecs
{
    private static readonly string[] ThreeNodes = ["node1", "node2", "node3"];

    /// <summary>web-app fails three times on node1 (so it fails over to node2), then node2 dies <paramref name="later"/> on.</summary>
    private static async Task<(InMemoryJournalStore Store, JournaledEngine Engine)> HistoryAsync(TimeSpan later)
    {
        var time = new SimulatedTime(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var store = new InMemoryJournalStore();
        var engine = await JournaledEngine.OpenAsync(store, "node1", EngineEvents.Serializer, time);
        var inputs = new List<IEngineInput>();
        foreach (var n in ThreeNodes)
        {
            inputs.Add(new ConfigurationCommands.AddNode(n));
            inputs.Add(new ConfigurationCommands.RegisterResourceTypes(n, [.. new[] { "app", "ip", "fs" }.Select(SimulatedKits.TypeFor)]));
        }

        inputs.AddRange(SampleHierarchy.Commands("web", ThreeNodes, "10.0.0.10/24"));
        foreach (var input in inputs)
        {
            await AcceptAsync(engine, input);
        }

        for (var i = 0; i < 3; i++)
        {
            await time.RunUntilAsync(time.GetUtcNow() + TimeSpan.FromMinutes(1));
            await AcceptAsync(engine, new KitInputs.ReportCheckResult("web-app", "node1", KitAction.QuickCheck, CheckVerdict.Failed, "gone"));
        }

        await time.RunUntilAsync(time.GetUtcNow() + later);
        await AcceptAsync(engine, new MembershipInputs.DeclareNodeDead("node2", "test"));
        return (store, engine);
    }

    /// <summary>Submits, then answers every requested action with success, as the kits would.</summary>
    private static async Task AcceptAsync(JournaledEngine engine, IEngineInput input)
    {
        var result = await engine.SubmitAsync(input);
        Assert.False(result.Refused, result.Decision.Error?.ToString());
        foreach (var a in result.Actions.ToList())
        {
            await AcceptAsync(engine, new KitInputs.ReportActionResult(a.ActionId, ActionOutcome.Succeeded, string.Empty));
        }
    }

    [Theory]
    [InlineData(10, "node3")]
    [InlineData(61, "node1")]
    public async Task Verify_HistoryWhereFailuresExpireOrNot_DecidesAlike(int minutesLater, string target)
    {
        var (store, engine) = await HistoryAsync(TimeSpan.FromMinutes(minutesLater));
        using var _ = engine;
        Assert.Equal(target, store.Events.Select(e => e.Envelope.Data).OfType<OperationEvents.OperationStarted>().Last().Target);

        var report = new ReplayVerifier(EngineEvents.Serializer).Verify(ReplayVerifier.Order(store.Events));

        Assert.True(report.Matches, report.Divergence?.ToString());
        Assert.Equal(engine.Engine.State.Describe(), report.State.Describe());
    }

    [Fact]
    public async Task Verify_JournaledTimeMovedPastTheExpiry_Diverges()
    {
        var (store, engine) = await HistoryAsync(TimeSpan.FromMinutes(10));
        using var _ = engine;
        var events = ReplayVerifier.Order(store.Events);
        var dead = events.Last(e => e.Envelope.Data is MembershipInputs.DeclareNodeDead);
        var moved = events.Select(e => e == dead ? e with { Envelope = e.Envelope with { Timestamp = e.Envelope.Timestamp.AddHours(1) } } : e).ToList();

        var report = new ReplayVerifier(EngineEvents.Serializer).Verify(moved);

        Assert.False(report.Matches);
        Assert.Contains("node1", report.Divergence!.Actual, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_FromTheJournal_ResumesTheEnginesClock()
    {
        var (store, engine) = await HistoryAsync(TimeSpan.FromMinutes(10));
        using var _ = engine;

        using var reopened = await JournaledEngine.OpenAsync(store, "node2", EngineEvents.Serializer, TimeProvider.System);

        Assert.Equal(engine.Engine.State.Now, reopened.Engine.State.Now);
        Assert.Equal(engine.Engine.State.Describe(), reopened.Engine.State.Describe());
    }
}
