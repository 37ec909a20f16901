using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Vigil.Cli.Journals;
using Vigil.Cli.Output;
using Vigil.Engine.Audit;
using Vigil.Engine.Replay;
using Vigil.Journal;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil why TAG</c>: the causal chain that put a resource where it is.</summary>
internal static class WhyCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var journal = JournalOption.Create();
        var tag = new Argument<string>("tag") { Description = "Resource tag" };
        var at = new Option<string?>("--at") { Description = "Explain the state at this moment (ISO 8601, UTC if no offset)" };
        var json = JournalOption.Json();
        var command = new Command("why", "Explain why a resource is where it is: the chain of observations, verdicts, decisions and kit results") { tag, journal, at, json };
        command.SetAction(async (parse, ct) =>
        {
            DateTimeOffset? moment = null;
            if (parse.GetValue(at) is { } text)
            {
                if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                {
                    await error.WriteLineAsync($"error: --at '{text}' is not a date and time (e.g. 2026-11-25T03:12:00Z)");
                    return CliApp.BadInput;
                }

                moment = parsed;
            }

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

            var explanation = WhyExplainer.Explain(ReplayVerifier.Order(events), parse.GetValue(tag)!, moment);
            if (explanation is null)
            {
                await error.WriteLineAsync($"error: the journal has no state change of '{parse.GetValue(tag)}'{(moment is null ? string.Empty : " before " + moment.Value.ToString("O", CultureInfo.InvariantCulture))}");
                return CliApp.BadInput;
            }

            if (parse.GetValue(json))
            {
                var o = new JsonObject
                {
                    ["tag"] = explanation.Tag,
                    ["summary"] = explanation.Summary,
                    ["failedActions"] = new JsonArray([.. explanation.FailedActions.Select(f => (JsonNode)f)]),
                    ["chain"] = new JsonArray([.. explanation.Chain.Select(RecordedEventJson.ToJson)]),
                };
                await output.WriteLineAsync(o.ToJsonString(HistoryJson.Indented));
                return CliApp.Ok;
            }

            await output.WriteLineAsync(explanation.Summary);
            foreach (var e in explanation.Chain)
            {
                var env = e.Envelope;
                await output.WriteLineAsync($"  {EventNarrator.Time(env.Timestamp)} {env.Node,-8} {(env.Kind == EventKind.Input ? ">" : " ")} {EventNarrator.Describe(env.Data)}");
            }

            foreach (var f in explanation.FailedActions)
            {
                await output.WriteLineAsync($"  failed: {f}");
            }

            return CliApp.Ok;
        });
        return command;
    }
}
