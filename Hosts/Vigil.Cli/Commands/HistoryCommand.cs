using System.CommandLine;
using System.Text.Json.Nodes;
using Vigil.Cli.Api;
using Vigil.Cli.Journals;
using Vigil.Cli.Output;
using Vigil.Engine.Audit;
using Vigil.Journal;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil history</c>: the journal as a timeline, optionally for one resource.</summary>
internal static class HistoryCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var journal = JournalOption.Create();
        journal.Required = false;
        journal.Description += "; without it, the history is read through a node's control API (--api/--lab)";
        var resource = new Option<string?>("--resource", "-r") { Description = "Only events that concern this resource tag" };
        var json = JournalOption.Json();
        var api = new ApiOptions();
        var command = new Command("history", "Show the journal as a timeline: inputs and the decisions they caused") { journal, resource, json };
        api.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(journal) is null)
            {
                return await ThroughApiAsync(parse, api, parse.GetValue(resource), parse.GetValue(json), output, error, ct);
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

            var tag = parse.GetValue(resource);
            var filter = tag is null ? null : new ResourceFilter(tag);
            var shown = events.Where(e => filter?.Concerns(e.Envelope.Data) ?? true).ToList();
            if (parse.GetValue(json))
            {
                var array = new JsonArray([.. shown.Select(RecordedEventJson.ToJson)]);
                await output.WriteLineAsync(array.ToJsonString(HistoryJson.Indented));
            }
            else
            {
                foreach (var e in shown)
                {
                    var env = e.Envelope;
                    var marker = env.Kind == EventKind.Input ? ">" : " ";
                    await output.WriteLineAsync($"{EventNarrator.Time(env.Timestamp)} {env.Node,-8} #{env.Sequence,-5} {marker} {EventNarrator.Describe(env.Data)}");
                }

                await output.WriteLineAsync($"{shown.Count} of {events.Count} events ({source.Description}); '>' marks inputs, the rest are decisions");
            }

            return JournalSourceOpener.DamageExit(source, error);
        });
        return command;
    }

    /// <summary>The journal of the node the API connection reaches (every node journals every committed decision).</summary>
    private static Task<int> ThroughApiAsync(ParseResult parse, ApiOptions api, string? tag, bool json, TextWriter output, TextWriter error, CancellationToken ct) =>
        ApiCall.RunAsync(parse, api, output, error, async client =>
        {
            var path = tag is null ? "/v1/history" : "/v1/history?resource=" + Uri.EscapeDataString(tag);
            var answer = await client.GetAsync(path, ct);
            var events = answer["events"]!.AsArray();
            if (json)
            {
                await output.WriteLineAsync(events.ToJsonString(HistoryJson.Indented));
                return CliApp.Ok;
            }

            foreach (var e in events)
            {
                var at = DateTimeOffset.Parse(e!["timestamp"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
                var marker = e["kind"]!.GetValue<string>() == "input" ? ">" : " ";
                await output.WriteLineAsync($"{EventNarrator.Time(at)} {e["node"]!.GetValue<string>(),-8} #{e["sequence"]!.GetValue<long>(),-5} {marker} {e["summary"]!.GetValue<string>()}");
            }

            await output.WriteLineAsync($"{events.Count} of {answer["total"]} events (node {answer["node"]}'s journal, through its control API); '>' marks inputs, the rest are decisions");
            return CliApp.Ok;
        });
}
