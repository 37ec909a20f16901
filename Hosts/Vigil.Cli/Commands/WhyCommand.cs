using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Vigil.Cli.Journals;
using Vigil.Cli.Output;
using Vigil.Engine.Audit;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil why TAG [--at TIME]</c>: the causal chain that put a resource where it is (or was), over the whole cluster's history.</summary>
internal static class WhyCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var sources = new HistorySources();
        var tag = new Argument<string>("tag") { Description = "Resource tag" };
        var at = new Option<string?>("--at") { Description = "Explain the state at this moment: ISO 8601 (UTC if no offset) or a time ago (-10m)" };
        var json = JournalOption.Json();
        var command = new Command("why", "Explain why a resource is where it is: the chain of observations, verdicts, decisions and kit results") { tag, at, json };
        sources.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            if (!HistoryCommand.TryMoment(parse.GetValue(at), "--at", DateTimeOffset.UtcNow, error, out var moment))
            {
                return CliApp.BadInput;
            }

            return await HistoryCommandRunner.RunAsync(parse, sources, output, error, async history =>
            {
                var explanation = WhyExplainer.Explain(history.Merged.Events, parse.GetValue(tag)!, moment);
                if (explanation is null)
                {
                    await error.WriteLineAsync($"error: the history has no state change of '{parse.GetValue(tag)}'{(moment is null ? string.Empty : " before " + moment.Value.ToString("O", CultureInfo.InvariantCulture))}");
                    return CliApp.BadInput;
                }

                if (parse.GetValue(json))
                {
                    var o = new JsonObject
                    {
                        ["tag"] = explanation.Tag,
                        ["summary"] = explanation.Summary,
                        ["failedActions"] = new JsonArray([.. explanation.FailedActions.Select(f => (JsonNode)f)]),
                        ["chain"] = HistorySources.ToJson(history.Merged, explanation.Chain),
                    };
                    await output.WriteLineAsync(o.ToJsonString(HistoryJson.Indented));
                    return CliApp.Ok;
                }

                await output.WriteLineAsync(explanation.Summary);
                Timeline.Write(Timeline.Console(output), history.Merged, explanation.Chain, indent: "  ");
                foreach (var f in explanation.FailedActions)
                {
                    await output.WriteLineAsync($"  failed: {f}");
                }

                return CliApp.Ok;
            }, ct);
        });
        return command;
    }
}
