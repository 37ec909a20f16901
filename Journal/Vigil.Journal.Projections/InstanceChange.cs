namespace Vigil.Journal.Projections;

/// <summary>A resource instance went into service on <paramref name="Node"/> (<paramref name="InService"/>) or out of it, at <paramref name="At"/>.</summary>
/// <remarks>Equal values are copies of one replicated decision (every node journals it with the same timestamp).</remarks>
public sealed record InstanceChange(DateTimeOffset At, string Node, bool InService);
