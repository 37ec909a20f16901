namespace Vigil.Consensus;

/// <summary>What became of a proposal.</summary>
public enum ProposeOutcome
{
    /// <summary>A majority stored the entry and it is committed: every node will deliver it at the same log position.</summary>
    Committed,

    /// <summary>This node is not the leader (or lost leadership before appending): nothing was appended; propose on <see cref="ConsensusNode.LeaderName"/>.</summary>
    NotLeader,

    /// <summary>
    /// No majority answered within <see cref="ConsensusOptions.ProposeTimeout"/>, or leadership was lost after appending.
    /// The outcome is unknown: the entry may still commit later if this node's log wins a future election.
    /// </summary>
    TimedOut,
}
