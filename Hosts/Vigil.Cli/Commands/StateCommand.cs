using System.CommandLine;
using System.Text.Json.Nodes;
using Vigil.Cli.Journals;
using Vigil.Cli.Output;
using Vigil.Engine.Audit;
using Vigil.Engine.Model;
using Vigil.Engine.State;
using Vigil.Journal.Marten;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil state --at TIME</c>: the cluster's nodes, resources and instances as they were at a moment, projected from
/// the recorded decisions up to it (time travel: through Marten's timestamp query when the journal is PostgreSQL, by
/// reading the embedded journals or the nodes' histories up to the moment otherwise).
/// </summary>
internal static class StateCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var sources = new HistorySources();
        var at = new Option<string>("--at") { Description = "The moment: ISO 8601 (UTC if no offset) or a time ago (-10m)", Required = true };
        var json = JournalOption.Json();
        var command = new Command("state", "Show the cluster as it was at a moment: nodes, resources, instances") { at, json };
        sources.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            if (!HistoryCommand.TryMoment(parse.GetValue(at), "--at", DateTimeOffset.UtcNow, error, out var moment) || moment is not { } when)
            {
                return CliApp.BadInput;
            }

            var journals = sources.Journals(parse);
            if (journals is [var only] && JournalSource.IsConnectionString(only))
            {
                return await ThroughMartenAsync(only, when, parse.GetValue(json), output, error, ct);
            }

            return await HistoryCommandRunner.RunAsync(parse, sources, output, error, async history =>
            {
                await ShowAsync(HistoryProjection.At(history.Merged.Events, when), when, history.Description, parse.GetValue(json), output);
                return CliApp.Ok;
            }, ct);
        });
        return command;
    }

    private static async Task<int> ThroughMartenAsync(string connection, DateTimeOffset when, bool json, TextWriter output, TextWriter error, CancellationToken ct)
    {
        await using var source = JournalSourceOpener.TryOpen(connection, error, out var code);
        if (source is null)
        {
            return code;
        }

        try
        {
            var upTo = await new MartenJournalQueries((MartenJournalStore)source.Store).ReadAllAsOfAsync(when, ct);
            var merged = HistoryMerger.Merge(upTo, renumber: false);
            await ShowAsync(HistoryProjection.At(merged.Events, when), when, source.Description, json, output);
            return CliApp.Ok;
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidDataException or System.Text.Json.JsonException)
        {
            await error.WriteLineAsync($"error: cannot read journal {source.Description}: {ex.Message}");
            return CliApp.JournalProblem;
        }
    }

    private static async Task ShowAsync(ClusterState state, DateTimeOffset when, string description, bool json, TextWriter output)
    {
        if (json)
        {
            await output.WriteLineAsync(ToJson(state, when).ToJsonString(HistoryJson.Indented));
            return;
        }

        await output.WriteLineAsync($"the cluster at {EventNarrator.Time(when)} UTC ({description}):");
        StatusTable.Write(state, output);
    }

    private static JsonObject ToJson(ClusterState state, DateTimeOffset when) => new()
    {
        ["at"] = when.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        ["nodes"] = new JsonArray([.. state.Nodes.Values.Select(n => (JsonNode)new JsonObject
        {
            ["name"] = n.Name,
            ["alive"] = n.Alive,
            ["maintenance"] = n.Maintenance,
        })]),
        ["resources"] = new JsonArray([.. state.Resources.Values.Select(r => (JsonNode)new JsonObject
        {
            ["tag"] = r.Tag,
            ["type"] = r.Type,
            ["dependsOn"] = new JsonArray([.. r.Children.Select(c => (JsonNode)c)]),
            ["activeNode"] = r.ActiveNode,
            ["instances"] = new JsonArray([.. r.Instances.Values.OrderBy(i => i.Priority).Select(i => (JsonNode)new JsonObject
            {
                ["node"] = i.Node,
                ["state"] = i.State.Label(),
                ["priority"] = i.Priority,
                ["reason"] = i.Reason.Length == 0 ? null : i.Reason,
            })]),
        })]),
    };
}
