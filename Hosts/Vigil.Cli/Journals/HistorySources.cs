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
        var all = new List<RecordedEvent>();
        var read = new List<string>();
        foreach (var node in status["nodes"]!.AsArray())
        {
            var name = node!["name"]!.GetValue<string>();
            var api = node["api"]?.GetValue<string>();
            if (name != self && api is null)
            {
                continue;
            }

            try
            {
                using var other = name == self ? null : new ApiClient(connection with { BaseUri = new Uri($"{connection.BaseUri.Scheme}://{api}") });
                var answer = await (other ?? first).GetAsync("/v1/history" + query, ct);
                all.AddRange(answer["events"]!.AsArray().Select(e => RecordedEventJson.FromJson(e!.AsObject())));
                read.Add(name);
            }
            catch (ApiFailure e) when (name != self)
            {
                await error.WriteLineAsync($"warning: node {name}'s history is not available ({e.Message}); its replicated decisions come from the other nodes, its local observations are missing");
            }
            catch (FormatException e)
            {
                throw new ApiFailure(CliApp.Unreachable, $"node {name} answered a history event this vigil cannot read: {e.Message}");
            }
        }

        var merged = HistoryMerger.Merge(all, renumber: true);
        return new LoadedHistory(merged, $"the journals of {string.Join(", ", read)}, through their control APIs", false, all.Count);
    }

    public static JsonArray ToJson(MergedHistory merged, IEnumerable<RecordedEvent> events) =>
        new([.. events.Select(e =>
        {
            var o = RecordedEventJson.ToJson(e);
            o["recordedBy"] = new JsonArray([.. merged.CopiesOf(e).Select(n => (JsonNode)n)]);
            return (JsonNode)o;
        })]);
}
