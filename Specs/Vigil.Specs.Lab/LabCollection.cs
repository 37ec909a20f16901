namespace Vigil.Specs.Lab;

/// <summary>Every lab spec runs in this one collection, serially: real processes and ports do not share well.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LabCollection
{
    public const string Name = "lab";
}
