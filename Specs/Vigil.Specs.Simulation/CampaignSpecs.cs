using Vigil.Engine;
using Vigil.Engine.Commands;
using Vigil.Engine.Model;
using Vigil.Engine.Replay;
using Vigil.Engine.Simulation;

namespace Vigil.Specs.Simulation;

/// <summary>
/// Seeded fault schedules: crashes, restarts, cut paths, failing kits, failing checks and recoveries, maintenance of
/// hierarchies and nodes, cleanups and switchovers at random moments. Every schedule must keep a single owner per
/// resource (ground truth of the simulated nodes, after every event), record no anomaly, and a sample of them must
/// replay to the same decisions.
/// </summary>
public sealed class CampaignSpecs
{
    private const int Schedules = 10_000;

    /// <summary>Every this many schedules the journal is also replayed with ReplayVerifier.</summary>
    private const int ReplayEvery = 25;

    [Fact]
    public async Task SeededFaultSchedules_NeverHaveAResourceRunningOnTwoNodes()
    {
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        // Schedules are independent and each is a pure function of its seed: run them on every core.
        await Parallel.ForAsync(1, Schedules + 1, async (seed, _) =>
        {
            foreach (var f in await RunAsync(seed))
            {
                failures.Add($"seed {seed}: {f}");
            }
        });

        Assert.True(failures.IsEmpty, string.Join('\n', failures.OrderBy(f => f, StringComparer.Ordinal).Take(20)));
    }

    [Fact]
    public async Task SameSeed_RunsTheSameSchedule()
    {
        var a = await TimelineAsync(4242);
        var b = await TimelineAsync(4242);

        Assert.Equal(a, b);
    }

    private static async Task<string> TimelineAsync(int seed)
    {
        var store = new InMemoryJournalStore();
        await using var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = seed }, store);
        await FaultSchedule.PlayAsync(sim, new Random(seed), sim.Options.Nodes.ToArray());
        return string.Join('\n', sim.Timeline.Select(t => $"{t.At:O} {t.What}"));
    }

    private static async Task<List<string>> RunAsync(int seed)
    {
        var random = new Random(seed);
        var nodes = Enumerable.Range(1, random.Next(2, 6)).Select(i => $"n{i}").ToArray();
        var store = new InMemoryJournalStore();
        await using var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = seed, Nodes = nodes, LossRate = 0.05 }, store);
        await FaultSchedule.PlayAsync(sim, random, nodes);

        var failures = new List<string>(sim.Violations);
        failures.AddRange(sim.Engine.Engine.State.Anomalies.Select(a => $"anomaly {a.Description}"));
        if (seed % ReplayEvery == 0 && new ReplayVerifier(EngineEvents.Serializer).Verify(ReplayVerifier.Order(store.Events)).Divergence is { } d)
        {
            failures.Add($"replay diverges: {d}");
        }

        return failures;
    }
}
