using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Spectre.Console;
using Vigil.Cli.Journals;
using Vigil.Cli.Output;
using Vigil.Engine.Audit;
using Vigil.Journal.Projections;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil report availability|failovers</c>: failovers (when, from, to, cause, duration) and per-resource availability
/// and MTTR over the cluster's history: read from the documents Marten's async daemon projects when the source is one
/// PostgreSQL journal, computed from the merged history otherwise.
/// </summary>
internal static partial class ReportCommand
{
    public static Command Create(TextWriter output, TextWriter error) =>
        new("report", "Reports over the cluster's history (from Marten's projections when --journal is one PostgreSQL connection string)")
        {
            Subcommand("availability", "Failover records and per-resource availability and mean time to restore", failoversOnly: false, output, error),
            Subcommand("failovers", "Failover records: when, members, from, to, cause, duration, outcome", failoversOnly: true, output, error),
        };

    private static Command Subcommand(string name, string description, bool failoversOnly, TextWriter output, TextWriter error)
    {
        var sources = new HistorySources();
        var since = new Option<string?>("--since") { Description = "From this moment: ISO 8601 (UTC if no offset) or a time ago (-7d); default: the start of the history" };
        var until = new Option<string?>("--until") { Description = "Up to this moment (default: now)" };
        var json = JournalOption.Json();
        var command = new Command(name, description) { since, until, json };
        sources.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var now = DateTimeOffset.UtcNow;
            if (!HistoryCommand.TryMoment(parse.GetValue(since), "--since", now, error, out var from)
                || !HistoryCommand.TryMoment(parse.GetValue(until), "--until", now, error, out var to))
            {
                return CliApp.BadInput;
            }

            var journals = sources.Journals(parse);
            if (journals.Length == 1 && JournalSource.IsConnectionString(journals[0]))
            {
                return await FromProjectionsAsync(journals[0], from, to ?? now, failoversOnly, parse.GetValue(json), output, error, ct);
            }

            return await HistoryCommandRunner.RunAsync(parse, sources, output, error, async history =>
            {
                var report = AvailabilityReport.Compute(history.Merged.Events, from, to ?? now);
                await PrintAsync(report, history.Description, null, failoversOnly, parse.GetValue(json), output);
                return CliApp.Ok;
            }, ct);
        });
        return command;
    }

    private static async Task PrintAsync(AvailabilityReport report, string description, ProjectionProgress? progress, bool failoversOnly, bool json, TextWriter output)
    {
        if (json)
        {
            var o = ToJson(report);
            if (failoversOnly)
            {
                o.Remove("resources");
            }

            if (progress is not null)
            {
                o["projection"] = new JsonObject { ["through"] = progress.Through, ["head"] = progress.Head, ["behind"] = progress.Behind };
            }

            await output.WriteLineAsync(o.ToJsonString(HistoryJson.Indented));
        }
        else
        {
            Write(report, description, failoversOnly, output);
        }
    }

    private static void Write(AvailabilityReport report, string description, bool failoversOnly, TextWriter output)
    {
        var console = Timeline.Console(output);
        console.MarkupLine(Markup.Escape($"{EventNarrator.Time(report.From)} to {EventNarrator.Time(report.To)} UTC ({description})"));
        var failovers = new Table().AddColumns("when", "members", "from", "to", "duration", "cause / outcome");
        foreach (var f in report.Failovers)
        {
            failovers.AddRow([.. new[]
            {
                EventNarrator.Time(f.At), string.Join(", ", f.Members), f.From ?? "-", f.To ?? "-",
                f.Duration is { } d ? $"{d.TotalSeconds:F3} s" : "-", f.Outcome == "completed" ? f.Cause : $"{f.Cause} ({f.Outcome})",
            }.Select(Markup.Escape)]);
        }

        console.Write(failovers);
        if (failoversOnly)
        {
            return;
        }

        var resources = new Table().AddColumns("resource", "availability", "down", "outages", "MTTR", "measured");
        foreach (var r in report.Resources)
        {
            resources.AddRow([.. new[]
            {
                r.Tag, r.Availability.ToString("P3", CultureInfo.InvariantCulture), $"{r.Down.TotalSeconds:F3} s", r.Outages.ToString(CultureInfo.InvariantCulture),
                r.Mttr is { } m ? $"{m.TotalSeconds:F3} s" : "-", $"{r.Measured.TotalSeconds:F0} s",
            }.Select(Markup.Escape)]);
        }

        console.Write(resources);
    }

    private static JsonObject ToJson(AvailabilityReport r) => new()
    {
        ["from"] = r.From.ToString("O", CultureInfo.InvariantCulture),
        ["to"] = r.To.ToString("O", CultureInfo.InvariantCulture),
        ["failovers"] = new JsonArray([.. r.Failovers.Select(f => (JsonNode)new JsonObject
        {
            ["operation"] = f.OperationId,
            ["at"] = f.At.ToString("O", CultureInfo.InvariantCulture),
            ["members"] = new JsonArray([.. f.Members.Select(m => (JsonNode)m)]),
            ["from"] = f.From,
            ["to"] = f.To,
            ["cause"] = f.Cause,
            ["durationMs"] = f.Duration?.TotalMilliseconds,
            ["outcome"] = f.Outcome,
        })]),
        ["resources"] = new JsonArray([.. r.Resources.Select(x => (JsonNode)new JsonObject
        {
            ["tag"] = x.Tag,
            ["availability"] = x.Availability,
            ["downMs"] = x.Down.TotalMilliseconds,
            ["outages"] = x.Outages,
            ["mttrMs"] = x.Mttr?.TotalMilliseconds,
            ["measuredMs"] = x.Measured.TotalMilliseconds,
        })]),
    };
}
