using Marten;

namespace Vigil.Journal.Projections;

/// <summary>
/// How far the async daemon has projected: the lowest position reached by the audit projections (Marten's progression
/// table), against the journal's last stored event.
/// </summary>
public sealed record ProjectionProgress(long Through, long Head)
{
    /// <summary>Events appended but not yet projected (0 when the projections are up to date).</summary>
    public long Behind => Math.Max(0, Head - Through);

    public static async Task<ProjectionProgress> ReadAsync(IDocumentStore store, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var progress = await store.Advanced.AllProjectionProgress(null, cancellationToken);
        var through = AuditProjections.Names
            .Select(name => progress.Where(p => p.ShardName.StartsWith(name + ":", StringComparison.Ordinal)).Select(p => p.Sequence).DefaultIfEmpty(0).Max())
            .Min();
        await using var session = store.QuerySession();
        // The last stored event, not the sequence's value: a rolled-back append consumes numbers no event holds.
        var head = await session.Events.QueryAllRawEvents().OrderByDescending(e => e.Sequence).Select(e => e.Sequence).FirstOrDefaultAsync(cancellationToken);
        return new ProjectionProgress(Math.Min(through, head), head);
    }
}
