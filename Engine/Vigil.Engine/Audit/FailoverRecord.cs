namespace Vigil.Engine.Audit;

/// <summary>One failover: when it started, from and to which node, why, and how long until the hierarchy was in service again.</summary>
/// <param name="To">The node it ended in service on (after any cascade); null while running or when it failed.</param>
/// <param name="Duration">From the failover's decision to its completion; null while running or when it failed.</param>
public sealed record FailoverRecord(
    long OperationId, DateTimeOffset At, IReadOnlyList<string> Members, string? From, string? To, string Cause, TimeSpan? Duration, string Outcome);
