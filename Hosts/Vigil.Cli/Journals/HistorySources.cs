using System.CommandLine;
using System.Text.Json.Nodes;
using Vigil.Cli.Api;
using Vigil.Engine.Audit;
using Vigil.Journal;

namespace Vigil.Cli.Journals;

/// <summary>
/// Where a cluster history comes from: one or more <c>--journal</c> (embedded directories and/or a Marten connection
/// string), or else every node's <c>/v1/history</c> through the control API (<c>--api</c>/<c>--lab</c>; the other nodes
/// are found in the first one's status). Whatever the sources, the result is merged without replicated duplicates
/// (<see cref="HistoryMerger"/>).
/// </summary>
internal sealed class HistorySources
{
    private readonly Option<string[]> _journals = new("--journal", "-j")
    {
        Description = "Embedded journal directory, or a PostgreSQL connection string (Host=…;Database=…) for the Marten journal; "
            + "repeat to merge several nodes' journals; without it, every node's history is read through the control API (--api/--lab)",
        Arity = ArgumentArity.ZeroOrMore,
    };

    public ApiOptions Api { get; } = new();

    public void AddTo(Command command)
    {
        command.Options.Add(_journals);
        Api.AddTo(command);
    }

    public string[] Journals(ParseResult parse) => parse.GetValue(_journals) ?? [];

    /// <summary>Reads and merges the journals; null (with the exit code) when one cannot be opened or read.</summary>
    public static async Task<(LoadedHistory? History, int Exit)> FromJournalsAsync(string[] specs, TextWriter error, CancellationToken ct)
    {
        var all = new List<RecordedEvent>();
        var damaged = false;
        var described = new List<string>();
        foreach (var spec in specs)
        {
            await using var source = JournalSourceOpener.TryOpen(spec, error, out var code);
            if (source is null)
            {
                return (null, code);
            }

            var events = await JournalSourceOpener.TryReadAllAsync(source, error, ct);
            if (events is null)
            {
                return (null, CliApp.JournalProblem);
            }

            damaged |= source.Damage is not null;
            described.Add(source.Description);
            all.AddRange(events);
        }

        // One store keeps its own positions (an auditor can find them there); several are renumbered in merged order.
        var merged = HistoryMerger.Merge(all, renumber: specs.Length > 1);
        return (new LoadedHistory(merged, string.Join(" + ", described), damaged, all.Count), CliApp.Ok);
    }

    /// <summary>Every node's history through its control API (a node that does not answer is left out, with a warning).</summary>
    /// <param name="query">Query string for <c>/v1/history</c> (filters), empty for everything.</param>
    public async Task<LoadedHistory> FromApiAsync(ParseResult parse, ApiClient first, string query, TextWriter error, CancellationToken ct)
    {
        var connection = Api.Resolve(parse);
        var status = await first.GetAsync("/v1/status", ct);
        var self = status["node"]!.GetValue<string>();
        var nodes = status["nodes"]!.AsArray()
            .Select(n => (Name: n!["name"]!.GetValue<string>(), Api: n["api"]?.GetValue<string>()))
            .Where(n => n.Name == self || n.Api is not null)
            .ToList();
        // In parallel, each with room for a whole journal: a long-lived cluster's history is large.
        var answers = await Task.WhenAll(nodes.Select(async n =>
        {
            var uri = n.Name == self ? connection.BaseUri : new Uri($"{connection.BaseUri.Scheme}://{n.Api}");
            using var client = new ApiClient(connection with { BaseUri = uri }, HistoryTimeout);
            try
            {
                var answer = await client.GetAsync("/v1/history" + query, ct);
                return (n.Name, Events: answer["events"]!.AsArray(), Failure: (ApiFailure?)null);
            }
            catch (ApiFailure e) when (n.Name != self)
            {
                return (n.Name, Events: (JsonArray?)null, Failure: e);
            }
        }));
        var all = new List<RecordedEvent>();
        foreach (var (name, events, failure) in answers)
        {
            if (events is null)
            {
                await error.WriteLineAsync($"warning: node {name}'s history is not available ({failure!.Message}); its replicated decisions come from the other nodes, its local observations are missing");
                continue;
            }

            try
            {
                all.AddRange(events.Select(e => RecordedEventJson.FromJson(e!.AsObject())));
            }
            catch (FormatException e)
            {
                throw new ApiFailure(CliApp.Unreachable, $"node {name} answered a history event this vigil cannot read: {e.Message}");
            }
        }

        var merged = HistoryMerger.Merge(all, renumber: true);
        var read = answers.Where(a => a.Events is not null).Select(a => a.Name);
        return new LoadedHistory(merged, $"the journals of {string.Join(", ", read)}, through their control APIs", false, all.Count);
    }

    private static readonly TimeSpan HistoryTimeout = TimeSpan.FromMinutes(5);

    public static JsonArray ToJson(MergedHistory merged, IEnumerable<RecordedEvent> events) =>
        new([.. events.Select(e =>
        {
            var o = RecordedEventJson.ToJson(e);
            o["recordedBy"] = new JsonArray([.. merged.CopiesOf(e).Select(n => (JsonNode)n)]);
            return (JsonNode)o;
        })]);
}
