using JasperFx.Events.Projections;
using Marten;

namespace Vigil.Journal.Projections;

/// <summary>
/// Registers the audit projections on a Marten store, asynchronous (kept up by Marten's async daemon, never inside a
/// node's append): pass <see cref="Configure"/> as <c>MartenJournalOptions.Configure</c> and to
/// <c>MartenJournalSchema.CreateSchemaAsync</c>, so every store over the schema knows the same documents.
/// </summary>
public static class AuditProjections
{
    /// <summary>The projection names, as Marten's progression table lists them (an aggregation is named after its document).</summary>
    public static readonly IReadOnlyList<string> Names = [nameof(ProjectedFailover), nameof(ProjectedAvailability)];

    /// <summary>The projections and their documents: for the schema bootstrap and for a store that runs the daemon.</summary>
    public static void Configure(StoreOptions options)
    {
        ConfigureDocuments(options);
        options.Projections.Add(new FailoverProjection(), ProjectionLifecycle.Async);
        options.Projections.Add(new AvailabilityProjection(), ProjectionLifecycle.Async);
    }

    /// <summary>
    /// Only the projected documents, for a store that reads them (`vigil report`): Marten warns on the console about
    /// asynchronous projections in a store that runs no daemon, which would spoil a command's output.
    /// </summary>
    public static void ConfigureDocuments(StoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Schema.For<ProjectedFailover>();
        options.Schema.For<ProjectedAvailability>();
    }
}
