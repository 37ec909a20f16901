using System.CommandLine;
using System.Text.Json.Nodes;
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
        var resource = new Option<string?>("--resource", "-r") { Description = "Only events that concern this resource tag" };
        var json = JournalOption.Json();
        var command = new Command("history", "Show the journal as a timeline: inputs and the decisions they caused") { journal, resource, json };
        command.SetAction(async (parse, ct) =>
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

            var tag = parse.GetValue(resource);
            var filter = tag is null ? null : new ResourceFilter(tag);
            var shown = events.Where(e => filter?.Concerns(e.Envelope.Data) ?? true).ToList();
            if (parse.GetValue(json))
            {
                var array = new JsonArray([.. shown.Select(HistoryJson.ToJson)]);
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
}
