namespace Vigil.Specs.Journal.Support;

// Payload kinds the specs journal: strings, numbers, enums, decimals, times, lists, nulls (what jsonb reformats).
[EventType("test.thing-happened.v1")]
public sealed record ThingHappened(string Name, int Count) : IVigilEvent;

[EventType("test.value-recorded.v1")]
public sealed record ValueRecorded(decimal Amount, DateTimeOffset At, Severity Severity, string? Note, IReadOnlyList<string> Tags) : IVigilEvent;

[EventType("test.counter-incremented.v1")]
public sealed record CounterIncremented(string Counter, int By) : IVigilEvent;
