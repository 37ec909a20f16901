using Vigil.Specs.Journal.Support;

namespace Vigil.Specs.Journal.Marten;

/// <summary>A live aggregate for Marten's AggregateStreamAsync (Create/Apply conventions).</summary>
public sealed class CounterAggregate
{
    public string Id { get; set; } = "";

    public int Total { get; set; }

    public static CounterAggregate Create(CounterIncremented e) => new() { Total = e.By };

    public void Apply(CounterIncremented e) => Total += e.By;
}
