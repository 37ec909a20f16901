namespace Vigil.Daemon.Quorum;

/// <summary><c>[cluster] quorum</c>: whether a node must be in the majority to hold resources.</summary>
internal enum QuorumMode
{
    /// <summary>The default: a node holds resources only while it hears from a majority of the voters (itself included).</summary>
    Majority,

    /// <summary>Explicit opt-out: no lease, no quorum-loss action (allows two nodes without a witness, with a warning).</summary>
    None,
}
