using Bogus;
using Vigil.Engine.Commands;
using Vigil.Engine.Model;
using Vigil.Engine.Simulation;

namespace Vigil.Specs.Unit.Replay;

/// <summary>
/// Random but reproducible cluster histories (Bogus, seeded): 2–5 nodes, 1–3 hierarchies with different backup
/// orders (N-way), crashes, restarts, failing restores, failing checks and recoveries, maintenance and switchovers at random moments.
/// </summary>
internal static class GeneratedHistories
{
    public static async Task<(SimulatedCluster Sim, InMemoryJournalStore Store)> RunAsync(int seed)
    {
        var faker = new Faker { Random = new Randomizer(seed) };
        var nodes = Enumerable.Range(1, faker.Random.Int(2, 5)).Select(i => $"n{i}").ToArray();
        var store = new InMemoryJournalStore();
        var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = seed, Nodes = nodes }, store);
        var hierarchies = faker.Random.Int(1, 3);
        for (var h = 0; h < hierarchies; h++)
        {
            var order = faker.Random.Shuffle(nodes).ToArray();
            var mode = faker.Random.Bool() ? SwitchbackMode.Automatic : SwitchbackMode.Intelligent;
            await SampleHierarchy.ProtectAsync(sim, $"h{h}", order, $"10.9.{h}.{faker.Random.Int(1, 250)}/24", mode);
            if (faker.Random.Bool(0.3f))
            {
                sim.AddFaultRule(new FaultRule($"h{h}-{faker.PickRandom("app", "ip", "fs")}", faker.PickRandom(nodes), KitAction.Restore,
                    faker.Hacker.Phrase(), faker.Random.Int(0, 2)));
            }
        }

        for (var step = 0; step < faker.Random.Int(3, 8); step++)
        {
            await sim.RunForAsync(TimeSpan.FromMilliseconds(faker.Random.Int(50, 2500)));
            var node = faker.PickRandom(nodes);
            var tag = $"h{faker.Random.Int(0, hierarchies - 1)}-{faker.PickRandom("app", "ip", "fs")}";
            switch (faker.Random.Int(0, 6))
            {
                case 0 when sim.Nodes.Values.Count(n => n.Up) > 1:
                    sim.Crash(node);
                    break;
                case 1:
                    sim.Restart(node);
                    break;
                case 2:
                    await sim.SubmitAsync(new OperatorCommands.Switchover($"h{faker.Random.Int(0, hierarchies - 1)}-app", node));
                    break;
                case 3 or 4:
                    sim.AddFaultRule(new FaultRule(tag, sim.InServiceNode(tag) ?? node, KitAction.QuickCheck, faker.Hacker.Phrase(), faker.Random.Int(0, 3)));
                    if (faker.Random.Bool())
                    {
                        sim.AddFaultRule(new FaultRule(tag, null, KitAction.Recover, faker.Hacker.Phrase(), faker.Random.Int(1, 2)));
                    }

                    break;
                case 5:
                    await sim.SubmitAsync(new MaintenanceCommands.SetResourceMaintenance(tag, faker.Random.Bool()));
                    break;
                default:
                    break;
            }
        }

        await sim.RunForAsync(TimeSpan.FromSeconds(3));
        return (sim, store);
    }
}
