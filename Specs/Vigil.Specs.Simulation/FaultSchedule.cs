using Vigil.Engine.Commands;
using Vigil.Engine.Model;
using Vigil.Engine.Simulation;

namespace Vigil.Specs.Simulation;

/// <summary>One random fault schedule over the sample hierarchy h-app → {h-ip, h-fs}, drawn from a seeded random.</summary>
internal static class FaultSchedule
{
    private static readonly string[] Tags = ["h-app", "h-ip", "h-fs"];

    public static async Task PlayAsync(SimulatedCluster sim, Random random, string[] nodes)
    {
        var order = nodes.OrderBy(_ => random.Next()).ToArray();
        await SampleHierarchy.ProtectAsync(sim, "h", order, "10.8.0.1/24", random.Next(2) == 0 ? SwitchbackMode.Automatic : SwitchbackMode.Intelligent);
        if (random.Next(3) == 0)
        {
            sim.AddFaultRule(new FaultRule(null, Pick(random, nodes), KitAction.Restore, "injected", random.Next(0, 3)));
        }

        for (var step = 0; step < 8; step++)
        {
            await sim.RunForAsync(TimeSpan.FromMilliseconds(random.Next(10, 1500)));
            var a = Pick(random, nodes);
            var b = Pick(random, nodes);
            var tag = Pick(random, Tags);
            switch (random.Next(12))
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
                case 5 or 6:
                    // The process dies where it runs (now or at the next check there), 1–3 times or every time.
                    sim.AddFaultRule(new FaultRule(tag, sim.InServiceNode(tag) ?? a, KitAction.QuickCheck, "injected check failure", random.Next(0, 4)));
                    break;
                case 7:
                    sim.AddFaultRule(new FaultRule(tag, random.Next(2) == 0 ? null : a, KitAction.Recover, "injected recover failure", random.Next(0, 3)));
                    break;
                case 8:
                    sim.AddFaultRule(new FaultRule(tag, null, KitAction.DeepCheck, "injected degradation", random.Next(1, 3)));
                    break;
                case 9:
                    await sim.SubmitAsync(new MaintenanceCommands.SetResourceMaintenance(tag, random.Next(2) == 0));
                    break;
                case 10:
                    await sim.SubmitAsync(new MaintenanceCommands.SetNodeMaintenance(a, random.Next(2) == 0));
                    break;
                case 11:
                    await sim.SubmitAsync(new MaintenanceCommands.CleanupResource(tag));
                    break;
                default:
                    break;
            }
        }

        // Maintenance ends: what happened while unmanaged is re-evaluated under the same invariant.
        await sim.SubmitAsync(new MaintenanceCommands.SetResourceMaintenance("h-app", false));
        foreach (var n in nodes)
        {
            await sim.SubmitAsync(new MaintenanceCommands.SetNodeMaintenance(n, false));
        }

        await sim.RunForAsync(TimeSpan.FromSeconds(2));
    }

    private static T Pick<T>(Random random, T[] items) => items[random.Next(items.Length)];
}
