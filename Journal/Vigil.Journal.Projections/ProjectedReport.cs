using Marten;
using Vigil.Engine.Audit;

namespace Vigil.Journal.Projections;

/// <summary>
/// `vigil report` from the projected documents: the same <see cref="AvailabilityReport"/> the in-memory computation
/// gives over the merged history, for any window, plus how far the daemon has projected.
/// </summary>
public static class ProjectedReport
{
    /// <summary>Reads every projected document and cuts the window [<paramref name="since"/>, <paramref name="until"/>].</summary>
    public static async Task<(AvailabilityReport Report, ProjectionProgress Progress)> ReadAsync(
        IDocumentStore store, DateTimeOffset? since, DateTimeOffset until, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        await using var session = store.QuerySession();
        var failovers = await session.Query<ProjectedFailover>().ToListAsync(cancellationToken);
        var resources = await session.Query<ProjectedAvailability>().ToListAsync(cancellationToken);
        var progress = await ProjectionProgress.ReadAsync(store, cancellationToken);
        return (Cut(failovers, resources, since, until), progress);
    }

    /// <summary>The report over a window, from documents already read.</summary>
    public static AvailabilityReport Cut(
        IEnumerable<ProjectedFailover> failovers, IEnumerable<ProjectedAvailability> resources, DateTimeOffset? since, DateTimeOffset until)
    {
        var failoverList = failovers.ToList();
        var resourceList = resources.ToList();
        var earliest = failoverList.Select(f => f.At).Concat(resourceList.Where(r => r.Changes.Count > 0).Select(r => r.Changes[0].At))
            .DefaultIfEmpty(until).Min();
        var from = since ?? earliest;
        var records = failoverList
            .Where(f => f.At >= from && f.At <= until)
            .OrderBy(f => f.At).ThenBy(f => f.OperationId)
            .Select(f => Record(f, until))
            .ToList();
        var availability = resourceList
            .Select(r => (r.Id, Fold: AvailabilityFold.Of(r.Changes, since, until)))
            .Where(r => r.Fold is not null)
            .OrderBy(r => r.Id, StringComparer.Ordinal)
            .Select(r => r.Fold!.Result(r.Id, until))
            .ToList();
        return new AvailabilityReport(from, until, records, availability);
    }

    private static FailoverRecord Record(ProjectedFailover f, DateTimeOffset until)
    {
        var record = new FailoverRecord(f.OperationId, f.At, f.Members, f.From, null, f.Cause, null, "running");
        if (f.CompletedAt is { } done && done <= until)
        {
            return record with { To = f.To, Duration = done - f.At, Outcome = "completed" };
        }

        return f.FailedAt is { } failed && failed <= until ? record with { Outcome = "failed: " + string.Join("; ", f.FailureReasons) } : record;
    }
}
