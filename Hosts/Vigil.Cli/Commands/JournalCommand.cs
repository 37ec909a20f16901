using System.CommandLine;
using System.Text.Json.Nodes;
using Vigil.Cli.Journals;
using Vigil.Cli.Output;
using Vigil.Engine;
using Vigil.Journal;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil journal verify</c>: check every node's hash chain and report the first broken link.</summary>
internal static class JournalCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var journal = JournalOption.Create();
        var json = JournalOption.Json();
        var verify = new Command("verify", "Check the tamper-evident hash chain of every node's events") { journal, json };
        verify.SetAction(async (parse, ct) =>
        {
            await using var source = JournalSourceOpener.TryOpen(parse.GetValue(journal)!, error, out var code);
            if (source is null)
            {
                return code;
            }

            var events = await JournalSourceOpener.TryReadAllAsync(source, error, ct);
            if (events is null)
            {
                return CliApp.JournalProblem;
            }

            var report = JournalVerifier.Verify(
                events.GroupBy(e => e.Envelope.Node, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal),
                EngineEvents.Serializer);
            if (parse.GetValue(json))
            {
                var nodes = new JsonObject();
                foreach (var (node, count) in report.EventsPerNode)
                {
                    nodes[node] = count;
                }

                var o = new JsonObject
                {
                    ["intact"] = report.IsIntact,
                    ["eventsPerNode"] = nodes,
                    ["firstBreak"] = report.FirstBreak is { } b
                        ? new JsonObject { ["node"] = b.Node, ["sequence"] = b.Sequence, ["position"] = b.Position, ["problem"] = b.Problem }
                        : null,
                };
                await output.WriteLineAsync(o.ToJsonString(HistoryJson.Indented));
            }
            else
            {
                foreach (var (node, count) in report.EventsPerNode)
                {
                    await output.WriteLineAsync($"{node}: {count} events");
                }

                await output.WriteLineAsync(report.FirstBreak is { } b
                    ? $"chain BROKEN at {b.Node} #{b.Sequence} (position {b.Position}): {b.Problem}"
                    : "chain intact");
            }

            return !report.IsIntact ? CliApp.CheckFailed : JournalSourceOpener.DamageExit(source, error);
        });
        var command = new Command("journal", "Journal maintenance and audit") { verify };
        return command;
    }
}
