using System.CommandLine;
using System.Globalization;
using Vigil.Cli.Journals;
using Vigil.Cli.Output;
using Vigil.Engine.Audit;
using Vigil.Engine.Model;
using Vigil.Engine.Simulation;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil simulate what-if</c>: the live cluster (from its journals or its control API) copied into the deterministic
/// simulation, a failure applied, and what the real engine would decide shown step by step. Nothing is executed.
/// </summary>
internal static class SimulateWhatIf
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var sources = new HistorySources();
        var failNode = new Option<string[]>("--fail-node") { Description = "Crash this node (repeatable)", Arity = ArgumentArity.ZeroOrMore };
        var failCheck = new Option<string[]>("--fail-check") { Description = "TAG@NODE: the resource's quickCheck fails there (its process dies) (repeatable)", Arity = ArgumentArity.ZeroOrMore };
        var cutPath = new Option<string[]>("--cut-path") { Description = "A:B:PATH: cut comm path PATH between nodes A and B (repeatable)", Arity = ArgumentArity.ZeroOrMore };
        var span = new Option<int>("--seconds") { Description = "How long to watch, in virtual seconds", DefaultValueFactory = _ => 30 };
        var seed = new Option<int>("--seed") { Description = "Seed of the simulation (message loss, latencies)", DefaultValueFactory = _ => 1 };
        var command = new Command("what-if", "What the engine would do on the live cluster if a node failed, a check failed or paths were cut; nothing is executed")
        {
            failNode, failCheck, cutPath, span, seed,
        };
        sources.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var checks = new List<(string Tag, string Node)>();
            foreach (var c in parse.GetValue(failCheck) ?? [])
            {
                if (c.Split('@') is not [{ Length: > 0 } tag, { Length: > 0 } node])
                {
                    await error.WriteLineAsync($"error: --fail-check '{c}' is not TAG@NODE");
                    return CliApp.BadInput;
                }

                checks.Add((tag, node));
            }

            var cuts = new List<(string A, string B, string Path)>();
            foreach (var c in parse.GetValue(cutPath) ?? [])
            {
                if (c.Split(':') is not [{ Length: > 0 } a, { Length: > 0 } b, { Length: > 0 } path])
                {
                    await error.WriteLineAsync($"error: --cut-path '{c}' is not A:B:PATH (e.g. node1:node2:udp)");
                    return CliApp.BadInput;
                }

                cuts.Add((a, b, path));
            }

            var crashes = parse.GetValue(failNode) ?? [];
            if (crashes.Length + checks.Count + cuts.Count == 0)
            {
                await error.WriteLineAsync("error: nothing to simulate: give --fail-node, --fail-check or --cut-path");
                return CliApp.BadInput;
            }

            return await HistoryCommandRunner.RunAsync(parse, sources, output, error, async history =>
            {
                var now = history.Merged.Events.Count == 0 ? DateTimeOffset.UtcNow : history.Merged.Events[^1].Envelope.Timestamp;
                SimulatedCluster sim;
                InMemoryJournalStore store;
                long start;
                try
                {
                    (sim, store, start) = await WhatIf.FromHistoryAsync(history.Merged.Events, now, parse.GetValue(seed), ct);
                }
                catch (InvalidOperationException e)
                {
                    await error.WriteLineAsync("error: " + e.Message);
                    return CliApp.BadInput;
                }

                await using (sim)
                {
                    var unknown = crashes.Concat(checks.Select(c => c.Node)).Concat(cuts.SelectMany(c => new[] { c.A, c.B })).FirstOrDefault(n => !sim.Nodes.ContainsKey(n));
                    if (unknown is not null)
                    {
                        await error.WriteLineAsync($"error: no node '{unknown}' in the cluster ({string.Join(", ", sim.Nodes.Keys)})");
                        return CliApp.BadInput;
                    }

                    await output.WriteLineAsync($"what if, on the cluster as of {EventNarrator.Time(now)} UTC ({history.Description}) — simulated, nothing is executed:");
                    foreach (var n in crashes)
                    {
                        sim.Crash(n);
                    }

                    foreach (var (tag, node) in checks)
                    {
                        sim.AddFaultRule(new FaultRule(tag, node, KitAction.QuickCheck, "what-if: quickCheck fails", 1));
                    }

                    foreach (var (a, b, path) in cuts)
                    {
                        sim.CutPath(a, b, path);
                    }

                    await sim.RunForAsync(TimeSpan.FromSeconds(parse.GetValue(span)));
                    var decided = store.Events.Where(e => e.Position > start).ToList();
                    var merged = HistoryMerger.Merge(decided, renumber: false);
                    Timeline.Write(Timeline.Console(output), merged, merged.Events, indent: "  ");
                    await output.WriteLineAsync($"after {parse.GetValue(span).ToString(CultureInfo.InvariantCulture)} s (virtual):");
                    StatusTable.Write(sim.Engine.Engine.State, output);
                    return CliApp.Ok;
                }
            }, ct);
        });
        return command;
    }
}
