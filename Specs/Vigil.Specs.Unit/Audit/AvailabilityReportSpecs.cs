using Vigil.Engine.Audit;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Engine.Replay;
using Vigil.Engine.Simulation;
using Vigil.Journal;

namespace Vigil.Specs.Unit.Audit;

/// <summary>`vigil report availability`: failover records and per-resource availability/MTTR from the history.</summary>
public sealed class AvailabilityReportSpecs
{
    [Fact]
    public async Task Compute_OneFailover_RecordsItAndCountsTheOutageUntilTheResourceIsBackInService()
    {
        var store = new InMemoryJournalStore();
        await using (var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = 2 }, store))
        {
            Assert.True(await SampleHierarchy.ProtectAsync(sim, "web", ["node1", "node2", "node3"], "192.0.2.10/24"));
            sim.Crash("node1");
            Assert.True(await sim.RunUntilAsync(() => sim.IsInServiceOn("web-app", "node2"), TimeSpan.FromSeconds(10)));
        }

        var events = ReplayVerifier.Order(store.Events);
        DateTimeOffset When(Func<IVigilEvent, bool> match) => events.First(e => match(e.Envelope.Data)).Envelope.Timestamp;
        var lost = When(e => e is InstanceEvents.InstanceTransitioned { Tag: "web-app", Node: "node1", From: InstanceState.Isp });
        var back = When(e => e is InstanceEvents.InstanceTransitioned { Tag: "web-app", Node: "node2", To: InstanceState.Isp });
        var end = events[^1].Envelope.Timestamp.AddMinutes(1);
        var firstUp = When(e => e is InstanceEvents.InstanceTransitioned { Tag: "web-app", To: InstanceState.Isp });

        var report = AvailabilityReport.Compute(events, null, end);

        var failover = Assert.Single(report.Failovers);
        Assert.Equal(("node1", "node2", "completed"), (failover.From, failover.To, failover.Outcome));
        Assert.Contains("node1 declared dead", failover.Cause, StringComparison.Ordinal);
        Assert.Equal(back - failover.At, failover.Duration);
        var app = report.Resources.Single(r => r.Tag == "web-app");
        Assert.Equal((1, back - lost, back - lost), (app.Outages, app.Down, app.Mttr));
        Assert.Equal(end - firstUp, app.Measured);
        Assert.InRange(app.Availability, 0.99, 1);
        Assert.Equal(["web-app", "web-fs", "web-ip"], report.Resources.Select(r => r.Tag));
    }

    [Fact]
    public async Task Compute_SinceAfterTheFailover_HasNoOutageAndFullAvailability()
    {
        var store = new InMemoryJournalStore();
        await using (var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = 2 }, store))
        {
            Assert.True(await SampleHierarchy.ProtectAsync(sim, "web", ["node1", "node2"], "192.0.2.10/24"));
            sim.Crash("node1");
            Assert.True(await sim.RunUntilAsync(() => sim.IsInServiceOn("web-app", "node2"), TimeSpan.FromSeconds(10)));
        }

        var events = ReplayVerifier.Order(store.Events);
        var after = events[^1].Envelope.Timestamp.AddTicks(1);

        var report = AvailabilityReport.Compute(events, after, after.AddHours(1));

        Assert.Empty(report.Failovers);
        Assert.All(report.Resources, r => Assert.Equal((0, 1.0, TimeSpan.FromHours(1)), (r.Outages, r.Availability, r.Measured)));
    }
}
