namespace Vigil.Consensus;

/// <summary>Raised by <see cref="ConsensusNode.LeaderChanged"/> when this node sees a new leader or loses sight of one.</summary>
public sealed class LeaderChangedEventArgs(string? leaderName, bool isLocal, long term) : EventArgs
{
    /// <summary>The new leader's member name; <see langword="null"/> while there is none (election in progress, or no quorum).</summary>
    public string? LeaderName { get; } = leaderName;

    /// <summary>True when the new leader is this node.</summary>
    public bool IsLocal { get; } = isLocal;

    /// <summary>The Raft term at the change.</summary>
    public long Term { get; } = term;
}
