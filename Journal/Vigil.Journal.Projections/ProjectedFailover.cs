namespace Vigil.Journal.Projections;

/// <summary>
/// One failover as the async daemon projected it from every node's copy of its decisions (Marten document, id = the
/// operation id, which the replicated engine numbers the same on every node). Fields stay null until the copy that
/// carries them has been projected; applying a second node's copy of an event changes nothing.
/// </summary>
public sealed class ProjectedFailover
{
    /// <summary>The operation id, as text (Marten's document id).</summary>
    public string Id { get; set; } = string.Empty;

    public long OperationId { get; set; }

    /// <summary>When the failover was decided (the recorded timestamp of its start).</summary>
    public DateTimeOffset At { get; set; }

    public List<string> Members { get; set; } = [];

    public string? From { get; set; }

    public string Cause { get; set; } = string.Empty;

    /// <summary>Where the hierarchy ended in service, and when; null while running or when it failed.</summary>
    public string? To { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>When the operation gave up, and every exit reason; null unless it failed.</summary>
    public DateTimeOffset? FailedAt { get; set; }

    public List<string> FailureReasons { get; set; } = [];
}
