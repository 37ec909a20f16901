using Vigil.Journal;

namespace Vigil.Engine.Audit;

/// <summary>Why a resource is where it is: its current state per node and the chain of events that put it there.</summary>
/// <param name="Summary">One sentence: where the resource is and what moved it there.</param>
/// <param name="Chain">The causal chain, oldest first: observations that led to the triggering input, the input, and every decision and kit result of its correlation.</param>
/// <param name="FailedActions">Exit reasons of every failed action in the chain.</param>
public sealed record Explanation(string Tag, string Summary, IReadOnlyList<RecordedEvent> Chain, IReadOnlyList<string> FailedActions);
