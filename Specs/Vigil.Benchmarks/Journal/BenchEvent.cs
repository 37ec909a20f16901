using Vigil.Journal;

namespace Vigil.Benchmarks.Journal;

/// <summary>A payload shaped like a resource state change.</summary>
[EventType("bench.resource-state-changed.v1")]
public sealed record BenchEvent(string Tag, string Node, string From, string To, int Attempt) : IVigilEvent;
