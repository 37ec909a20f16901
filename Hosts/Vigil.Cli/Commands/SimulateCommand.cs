using System.CommandLine;
using Vigil.Cli.Output;
using Vigil.Engine;
using Vigil.Engine.Simulation;
using Vigil.Journal.Embedded;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil simulate failover</c>: a whole cluster under deterministic simulation (virtual time, in-memory comm
/// paths, simulated kits) with the real engine and a real embedded journal: protect a hierarchy, crash its node,
/// watch the failover, let the node return.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var journal = new Option<string>("--journal", "-j") { Description = "New directory for the embedded journal the simulation writes", Required = true };
        var nodes = new Option<int>("--nodes") { Description = "Number of nodes (2-9)", DefaultValueFactory = _ => 3 };
        var seed = new Option<int>("--seed") { Description = "Seed: the same seed gives the same run", DefaultValueFactory = _ => 1 };
        var failover = new Command("failover", "Protect app -> {ip, fs} on node1, crash node1, fail over, bring node1 back") { journal, nodes, seed };
        failover.SetAction(async (parse, ct) =>
        {
            var count = parse.GetValue(nodes);
            if (count is < 2 or > 9)
            {
                await error.WriteLineAsync($"error: --nodes {count}: a simulated cluster has 2 to 9 nodes");
                return CliApp.BadInput;
            }

            var dir = parse.GetValue(journal)!;
            if (Directory.Exists(dir) && Directory.EnumerateFileSystemEntries(dir).Any())
            {
                await error.WriteLineAsync($"error: --journal {dir}: the directory is not empty; the simulation writes a new journal");
                return CliApp.BadInput;
            }

            await using var store = await EmbeddedJournalStore.OpenAsync(dir, EngineEvents.Serializer, cancellationToken: ct);
            var names = Enumerable.Range(1, count).Select(i => $"node{i}").ToArray();
            await using var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = parse.GetValue(seed), Nodes = names }, store, ct);
            var started = sim.Time.GetUtcNow();
            if (!await SampleHierarchy.ProtectAsync(sim, "web", names, "192.0.2.10/24"))
            {
                await error.WriteLineAsync("error: the sample hierarchy could not be brought into service: " + string.Join("; ", sim.Refusals));
                return CliApp.CheckFailed;
            }

            await output.WriteLineAsync($"protected web-app -> {{web-ip, web-fs}} on node1, extended to {string.Join(", ", names.Skip(1))}");
            var crashAt = sim.Time.GetUtcNow();
            sim.Crash("node1");
            var moved = await sim.RunUntilAsync(() => sim.IsInServiceOn("web-app", "node2"), TimeSpan.FromSeconds(30));
            var failoverTime = sim.Time.GetUtcNow() - crashAt;
            sim.Restart("node1");
            await sim.RunUntilAsync(() => sim.Engine.Engine.State.Nodes["node1"].Alive, TimeSpan.FromSeconds(30));
            await sim.RunForAsync(TimeSpan.FromSeconds(1));

            foreach (var (at, what) in sim.Timeline)
            {
                await output.WriteLineAsync($"  t+{(at - started).TotalMilliseconds,8:F1} ms  {what}");
            }

            StatusTable.Write(sim.Engine.Engine.State, output);
            var detection = sim.Detections.FirstOrDefault(d => d.Node == "node1").Detection;
            await output.WriteLineAsync($"virtual time: crash detected in {detection.TotalMilliseconds:F0} ms, hierarchy in service on node2 {failoverTime.TotalMilliseconds:F0} ms after the crash");
            await output.WriteLineAsync($"journal: {Path.GetFullPath(dir)} ({store.LastPosition} events)");
            if (!moved || sim.Violations.Count > 0)
            {
                await error.WriteLineAsync(moved ? "error: " + string.Join("; ", sim.Violations) : "error: the hierarchy did not come up on node2");
                return CliApp.CheckFailed;
            }

            return CliApp.Ok;
        });
        return new Command("simulate", "Run the real engine under deterministic simulation") { failover, SimulateWhatIf.Create(output, error) };
    }
}
