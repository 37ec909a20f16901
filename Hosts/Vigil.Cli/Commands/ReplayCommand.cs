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
        var sources = new HistorySources();
        var verify = new Option<bool>("--verify") { Description = "Compare the replayed decisions with the recorded ones (exit 1 at the first divergence)" };
        var from = new Option<string?>("--from") { Description = "Re-decide from this moment (the state before it is projected from the record): ISO 8601 or a time ago (-1h)" };
        var to = new Option<string?>("--to") { Description = "Re-decide up to this moment (same forms)" };
        var json = JournalOption.Json();
        var command = new Command("replay", "Replay the recorded inputs of the whole cluster history through a fresh engine") { verify, from, to, json };
        sources.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var now = DateTimeOffset.UtcNow;
            if (!HistoryCommand.TryMoment(parse.GetValue(from), "--from", now, error, out var start)
                || !HistoryCommand.TryMoment(parse.GetValue(to), "--to", now, error, out var end))
            {
                return CliApp.BadInput;
            }

            return await HistoryCommandRunner.RunAsync(parse, sources, output, error, h => ReplayAsync(parse, h, verify, json, start, end, output), ct);
        });
        return command;
    }

    private static async Task<int> ReplayAsync(ParseResult parse, LoadedHistory history, Option<bool> verify, Option<bool> json,
        DateTimeOffset? start, DateTimeOffset? end, TextWriter output)
    {
        var events = history.Merged.Events;
        var watch = Stopwatch.StartNew();
        var report = new ReplayVerifier(EngineEvents.Serializer).Verify(events, start, end);
        watch.Stop();
        var checking = parse.GetValue(verify);
        if (parse.GetValue(json))
        {
            var o = new JsonObject
            {
                ["events"] = events.Count,
                ["inputs"] = report.Inputs,
                ["decisions"] = report.Decisions,
                ["matches"] = report.Matches && history.Merged.Disagreements.Count == 0,
                ["replicatedCopiesFolded"] = history.Merged.Dropped,
                ["disagreements"] = new JsonArray([.. history.Merged.Disagreements.Select(d => (JsonNode)d)]),
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
            await output.WriteLineAsync($"replay matches: {report.Inputs} inputs re-decided, {report.Decisions} recorded decisions reproduced exactly ({history.Description}; {history.Merged.Dropped} replicated copies folded; {watch.Elapsed.TotalMilliseconds:F0} ms)");
        }

        foreach (var disagreement in history.Merged.Disagreements)
        {
            await output.WriteLineAsync("nodes DISAGREE: " + disagreement);
        }

        return checking && (!report.Matches || history.Merged.Disagreements.Count > 0) ? CliApp.CheckFailed : CliApp.Ok;
    }
}
