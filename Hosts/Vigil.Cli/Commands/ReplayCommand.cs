using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Vigil.Cli.Journals;
using Vigil.Cli.Output;
using Vigil.Engine;
using Vigil.Engine.Replay;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil replay --verify</c>: feed the recorded inputs to a fresh engine and check it decides what was recorded.</summary>
internal static class ReplayCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var journal = JournalOption.Create();
        var verify = new Option<bool>("--verify") { Description = "Compare the replayed decisions with the recorded ones (exit 1 at the first divergence)" };
        var json = JournalOption.Json();
        var command = new Command("replay", "Replay the recorded inputs through a fresh engine") { journal, verify, json };
        command.SetAction(async (parse, ct) =>
        {
            await using var source = JournalSourceOpener.TryOpen(parse.GetValue(journal)!, error, out var code);
            if (source is null)
            {
                return code;
            }

            var read = await JournalSourceOpener.TryReadAllAsync(source, error, ct);
            if (read is null)
            {
                return CliApp.JournalProblem;
            }

            var events = ReplayVerifier.Order(read);
            var watch = Stopwatch.StartNew();
            var report = new ReplayVerifier(EngineEvents.Serializer).Verify(events);
            watch.Stop();
            var checking = parse.GetValue(verify);
            if (parse.GetValue(json))
            {
                var o = new JsonObject
                {
                    ["events"] = events.Count,
                    ["inputs"] = report.Inputs,
                    ["decisions"] = report.Decisions,
                    ["matches"] = report.Matches,
                    ["divergence"] = report.Divergence is { } d
                        ? new JsonObject
                        {
                            ["position"] = d.Position, ["node"] = d.Node, ["sequence"] = d.Sequence, ["problem"] = d.Problem,
                            ["recorded"] = d.Expected, ["replayed"] = d.Actual,
                        }
                        : null,
                };
                await output.WriteLineAsync(o.ToJsonString(HistoryJson.Indented));
            }
            else if (report.Divergence is { } d)
            {
                await output.WriteLineAsync($"replay DIVERGES after {report.Inputs} inputs: {d}");
            }
            else
            {
                await output.WriteLineAsync($"replay matches: {report.Inputs} inputs re-decided, {report.Decisions} recorded decisions reproduced exactly ({watch.Elapsed.TotalMilliseconds:F0} ms)");
            }

            if (checking && !report.Matches)
            {
                return CliApp.CheckFailed;
            }

            return JournalSourceOpener.DamageExit(source, error);
        });
        return command;
    }
}
