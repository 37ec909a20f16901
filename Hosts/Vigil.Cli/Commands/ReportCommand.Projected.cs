using Vigil.Cli.Journals;
using Vigil.Engine;
using Vigil.Engine.Audit;
using Vigil.Journal.Marten;
using Vigil.Journal.Projections;

namespace Vigil.Cli.Commands;

/// <summary>The report from Marten's projected documents (<see cref="ProjectedReport"/>), with how far the daemon has got.</summary>
internal static partial class ReportCommand
{
    private static async Task<int> FromProjectionsAsync(
        string connectionString, DateTimeOffset? since, DateTimeOffset until, bool failoversOnly, bool json, TextWriter output, TextWriter error, CancellationToken ct)
    {
        AvailabilityReport report;
        ProjectionProgress progress;
        try
        {
            await using var store = MartenJournalStore.Open(
                new MartenJournalOptions { ConnectionString = connectionString, Configure = AuditProjections.ConfigureDocuments }, EngineEvents.Serializer);
            (report, progress) = await ProjectedReport.ReadAsync(store.DocumentStore, since, until, ct);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or Npgsql.NpgsqlException or Marten.Exceptions.MartenCommandException)
        {
            await error.WriteLineAsync($"error: cannot read the projections in the Marten journal: {ex.Message}");
            return CliApp.JournalProblem;
        }

        if (progress.Behind > 0)
        {
            // Not an error: the daemon runs in vigild and catches up on its own; the operator should know the report lags.
            await error.WriteLineAsync($"warning: the projections are {progress.Behind} events behind the journal (the async daemon runs in vigild with a [journal] section)");
        }

        var description = $"PostgreSQL (Marten), projected by the async daemon through event {progress.Through} of {progress.Head}";
        await PrintAsync(report, description, progress, failoversOnly, json, output);
        return CliApp.Ok;
    }
}
