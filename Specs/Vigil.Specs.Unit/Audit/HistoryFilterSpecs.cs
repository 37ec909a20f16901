using Vigil.Engine.Audit;
using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Replay;
using Vigil.Engine.Simulation;
using Vigil.Journal;

namespace Vigil.Specs.Unit.Audit;

/// <summary>`vigil history` filters (shared with GET /v1/history): resource, node, type prefix, time range, all at once.</summary>
public sealed class HistoryFilterSpecs
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 3, 12, 0, TimeSpan.Zero);

    private static async Task<List<RecordedEvent>> FailoverAsync()
    {
        var store = new InMemoryJournalStore();
        await using var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = 3 }, store);
        Assert.True(await SampleHierarchy.ProtectAsync(sim, "web", ["node1", "node2", "node3"], "192.0.2.10/24"));
        sim.Crash("node1");
        Assert.True(await sim.RunUntilAsync(() => sim.IsInServiceOn("web-app", "node2"), TimeSpan.FromSeconds(10)));
        return ReplayVerifier.Order(store.Events);
    }

    [Fact]
    public async Task Apply_TypePrefix_KeepsOnlyThoseTypes()
    {
        var events = await FailoverAsync();

        var shown = new HistoryFilter(Types: ["operation.", "INPUT.NODE-DEAD"]).Apply(events);

        Assert.NotEmpty(shown);
        Assert.All(shown, e => Assert.True(e.Envelope.Data is MembershipInputs.DeclareNodeDead || e.Envelope.EventType.StartsWith("operation.", StringComparison.Ordinal), e.Envelope.EventType));
        Assert.Contains(shown, e => e.Envelope.Data is OperationEvents.OperationStarted { Kind: OperationKind.Failover });
    }

    [Fact]
    public async Task Apply_Node_KeepsEventsNamingItAndItsOwnObservations()
    {
        var events = await FailoverAsync();

        var shown = new HistoryFilter(Nodes: ["node3"]).Apply(events);
        var observer = new HistoryFilter(Nodes: ["node2"]).Apply(events);

        Assert.Contains(observer, e => e.Envelope.Data is MembershipInputs.ReportPathState { Observer: "node2" });
        Assert.DoesNotContain(shown, e => e.Envelope.Data is MembershipInputs.ReportPathState);
        Assert.Contains(shown, e => e.Envelope.Data is ResourceEvents.ResourceExtended { Node: "node3" });
        Assert.DoesNotContain(shown, e => e.Envelope.Data is InstanceEvents.InstanceTransitioned { Node: "node2" });
        Assert.DoesNotContain(shown, e => e.Envelope.Data is MembershipInputs.DeclareNodeDead);
    }

    [Fact]
    public async Task Apply_ResourceAndTimeRange_KeepsThatResourcesEventsInsideTheRangeInclusive()
    {
        var events = await FailoverAsync();
        var dead = events.First(e => e.Envelope.Data is MembershipInputs.DeclareNodeDead).Envelope.Timestamp;
        var end = events[^1].Envelope.Timestamp;

        var shown = new HistoryFilter("web-fs", Since: dead, Until: end).Apply(events);

        Assert.NotEmpty(shown);
        Assert.All(shown, e => Assert.InRange(e.Envelope.Timestamp, dead, end));
        Assert.Contains(shown, e => e.Envelope.Data is InstanceEvents.InstanceTransitioned { Tag: "web-fs", Node: "node2" });
        Assert.DoesNotContain(shown, e => e.Envelope.Data is InstanceEvents.InstanceTransitioned { Tag: "web-app" });
    }

    [Theory]
    [InlineData("-10m", "2026-11-25T03:02:00Z")]
    [InlineData("-2h", "2026-11-25T01:12:00Z")]
    [InlineData("-90s", "2026-11-25T03:10:30Z")]
    [InlineData("-1d", "2026-11-24T03:12:00Z")]
    [InlineData("2026-11-25T03:00:00", "2026-11-25T03:00:00Z")]
    [InlineData("2026-11-25T04:00:00+01:00", "2026-11-25T03:00:00Z")]
    public void Parse_RelativeOrIso_GivesTheMoment(string text, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), HistoryTime.Parse(text, Now, out _));
    }

    [Theory]
    [InlineData("teatime")]
    [InlineData("-10 minutes")]
    [InlineData("10m")]
    public void Parse_Nonsense_NamesTheValueAndTheForms(string text)
    {
        Assert.Null(HistoryTime.Parse(text, Now, out var problem));
        Assert.Contains($"'{text}'", problem, StringComparison.Ordinal);
        Assert.Contains("-10m", problem, StringComparison.Ordinal);
    }
}
