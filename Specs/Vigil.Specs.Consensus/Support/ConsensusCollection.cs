namespace Vigil.Specs.Consensus.Support;

/// <summary>Real Raft clusters bind ports and measure time: never run two at once on a loaded machine.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsensusCollection
{
    public const string Name = "Consensus";
}
