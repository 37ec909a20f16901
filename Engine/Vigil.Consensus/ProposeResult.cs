namespace Vigil.Consensus;

/// <summary>The answer to a proposal.</summary>
/// <param name="Outcome">Committed, refused (not leader) or unknown (timed out).</param>
/// <param name="LeaderName">The leader this node knew when it answered, if any: where to propose instead.</param>
/// <param name="Term">The Raft term when it answered.</param>
public sealed record ProposeResult(ProposeOutcome Outcome, string? LeaderName, long Term)
{
    /// <summary>True when the entry is committed by a majority.</summary>
    public bool IsCommitted => Outcome == ProposeOutcome.Committed;
}
