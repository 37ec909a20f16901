namespace Vigil.Journal.Projections;

/// <summary>
/// One resource's in-service history as the async daemon projected it (Marten document, id = the tag): the distinct
/// instance changes in time order (a replicated decision arrives once per node that journaled it and is kept once),
/// and the figures over the whole history up to the last change, recomputed on each new change.
/// </summary>
public sealed class ProjectedAvailability
{
    /// <summary>The resource tag (Marten's document id).</summary>
    public string Id { get; set; } = string.Empty;

    public List<InstanceChange> Changes { get; set; } = [];

    /// <summary>The first time an instance was in service; null if none ever was.</summary>
    public DateTimeOffset? FirstInService { get; set; }

    /// <summary>Outages that ended (no instance in service, then one again).</summary>
    public int ClosedOutages { get; set; }

    /// <summary>Their total length: MTTR is this over <see cref="ClosedOutages"/>.</summary>
    public TimeSpan ClosedDown { get; set; }

    /// <summary>Since when no instance is in service (an outage still open at the last change); null when one is.</summary>
    public DateTimeOffset? DownSince { get; set; }

    /// <summary>Mean time to restore over the closed outages; null when none ended.</summary>
    public TimeSpan? Mttr { get; set; }
}
