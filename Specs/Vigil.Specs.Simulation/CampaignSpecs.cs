using Vigil.Engine.Commands;
using Vigil.Engine.Model;
using Vigil.Engine.Simulation;

namespace Vigil.Specs.Simulation;

/// <summary>Seeded fault schedules: crashes, restarts, cut paths, failing kits and switchovers at random moments.</summary>
public sealed class CampaignSpecs
{
    private const int Schedules = 1000;

    [Fact]
    public async Task SeededFaultSchedules_NeverHaveAResourceRunningOnTwoNodes()
    {
        var failures = new List<string>();
        for (var seed = 1; seed <= Schedules; seed++)
        {
            var random = new Random(seed);
            var nodes = Enumerable.Range(1, random.Next(2, 6)).Select(i => $"n{i}").ToArray();
            await using var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = seed, Nodes = nodes, LossRate = 0.05 }, new InMemoryJournalStore());
            var order = nodes.OrderBy(_ => random.Next()).ToArray();
            await SampleHierarchy.ProtectAsync(sim, "h", order, "10.8.0.1/24", random.Next(2) == 0 ? SwitchbackMode.Automatic : SwitchbackMode.Intelligent);
            if (random.Next(3) == 0)
            {
                sim.AddFaultRule(new FaultRule(null, nodes[random.Next(nodes.Length)], KitAction.Restore, "injected", random.Next(0, 3)));
            }

            for (var step = 0; step < 6; step++)
            {
                await sim.RunForAsync(TimeSpan.FromMilliseconds(random.Next(10, 1500)));
                var a = nodes[random.Next(nodes.Length)];
                var b = nodes[random.Next(nodes.Length)];
                switch (random.Next(6))
                {
                    case 0 when nodes.Count(n => sim.Nodes[n].Up) > 1:
                        sim.Crash(a);
                        break;
                    case 1:
                        sim.Restart(a);
                        break;
                    case 2 when a != b:
                        foreach (var p in sim.Options.Paths)
                        {
                            sim.CutPath(a, b, p);
                        }

                        break;
                    case 3 when a != b:
                        foreach (var p in sim.Options.Paths)
                        {
                            sim.HealPath(a, b, p);
                        }

                        break;
                    case 4:
                        await sim.SubmitAsync(new OperatorCommands.Switchover("h-app", a));
                        break;
                    default:
                        break;
                }
            }

            await sim.RunForAsync(TimeSpan.FromSeconds(2));
            failures.AddRange(sim.Violations.Select(v => $"seed {seed}: {v}"));
            failures.AddRange(sim.Engine.Engine.State.Anomalies.Select(a => $"seed {seed}: anomaly {a.Description}"));
        }

        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(20)));
    }
}
