namespace Vigil.Specs.Replication.Support;

/// <summary>Specs that measure the whole test process (allocations) run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoloCollection
{
    public const string Name = "solo";
}
