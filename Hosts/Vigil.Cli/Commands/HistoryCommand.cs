using System.CommandLine;
using System.Globalization;
using Vigil.Cli.Api;
using Vigil.Cli.Journals;
using Vigil.Cli.Output;
using Vigil.Engine.Audit;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil history</c>: the cluster's journals merged into one timeline, filtered by resource, node, event type and time.</summary>
internal static class HistoryCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var sources = new HistorySources();
        var resource = new Option<string?>("--resource", "-r") { Description = "Only events that concern this resource tag" };
        var node = new Option<string[]>("--node", "-n") { Description = "Only events that name this node (repeatable)", Arity = ArgumentArity.ZeroOrMore };
        var type = new Option<string[]>("--type", "-t") { Description = "Only events whose type starts with this (repeatable): operation., instance.transitioned, input.path-state", Arity = ArgumentArity.ZeroOrMore };
        var since = new Option<string?>("--since") { Description = "From this moment: ISO 8601 (UTC if no offset) or a time ago (-10m, -2h, -1d)" };
        var until = new Option<string?>("--until") { Description = "Up to this moment (same forms as --since)" };
        var json = JournalOption.Json();
        var command = new Command("history", "Show the cluster's history as a timeline: inputs and the decisions they caused, each replicated decision once") { resource, node, type, since, until, json };
        sources.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var now = DateTimeOffset.UtcNow;
            if (!TryMoment(parse.GetValue(since), "--since", now, error, out var from) || !TryMoment(parse.GetValue(until), "--until", now, error, out var to))
            {
                return CliApp.BadInput;
            }

            var filter = new HistoryFilter(parse.GetValue(resource), parse.GetValue(node), parse.GetValue(type), from, to);
            var journals = sources.Journals(parse);
            if (journals.Length == 0)
            {
                return await ApiCall.RunAsync(parse, sources.Api, output, error, async client =>
                {
                    var loaded = await sources.FromApiAsync(parse, client, Query(filter), error, ct);
                    await ShowAsync(loaded, loaded.Merged.Events, parse.GetValue(json), output);
                    return CliApp.Ok;
                });
            }

            var (history, exit) = await HistorySources.FromJournalsAsync(journals, error, ct);
            if (history is null)
            {
                return exit;
            }

            await ShowAsync(history, filter.Apply(history.Merged.Events), parse.GetValue(json), output);
            if (history.Damaged)
            {
                await error.WriteLineAsync("error: a journal is damaged; the history shows everything before the damage");
                return CliApp.JournalProblem;
            }

            return CliApp.Ok;
        });
        return command;
    }

    /// <summary>Parses a --since/--until/--at value (null stays null); false after naming the bad value.</summary>
    public static bool TryMoment(string? text, string option, DateTimeOffset now, TextWriter error, out DateTimeOffset? moment)
    {
        moment = null;
        if (text is null)
        {
            return true;
        }

        moment = HistoryTime.Parse(text, now, out var problem);
        if (moment is null)
        {
            error.WriteLine($"error: {option} {problem}");
            return false;
        }

        return true;
    }

    private static async Task ShowAsync(LoadedHistory history, IReadOnlyList<Vigil.Journal.RecordedEvent> shown, bool json, TextWriter output)
    {
        if (json)
        {
            await output.WriteLineAsync(HistorySources.ToJson(history.Merged, shown).ToJsonString(HistoryJson.Indented));
            return;
        }

        Timeline.Write(Timeline.Console(output), history.Merged, shown);
        var folded = history.Merged.Dropped == 0 ? string.Empty : $", {history.Merged.Dropped} replicated copies folded";
        await output.WriteLineAsync($"{shown.Count} of {history.Merged.Events.Count} events ({history.Description}{folded}); '>' marks inputs, the rest are decisions");
        foreach (var d in history.Merged.Disagreements)
        {
            await output.WriteLineAsync("DISAGREEMENT between nodes: " + d);
        }
    }

    private static string Query(HistoryFilter f)
    {
        var parts = new List<string>();
        if (f.Resource is { } r)
        {
            parts.Add("resource=" + Uri.EscapeDataString(r));
        }

        parts.AddRange((f.Nodes ?? []).Select(n => "node=" + Uri.EscapeDataString(n)));
        parts.AddRange((f.Types ?? []).Select(t => "type=" + Uri.EscapeDataString(t)));
        if (f.Since is { } s)
        {
            parts.Add("since=" + Uri.EscapeDataString(s.ToString("O", CultureInfo.InvariantCulture)));
        }

        if (f.Until is { } u)
        {
            parts.Add("until=" + Uri.EscapeDataString(u.ToString("O", CultureInfo.InvariantCulture)));
        }

        return parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts);
    }
}
