namespace Vigil.Consensus;

/// <summary>The outcome of <see cref="ConsensusNode.AddMemberAsync"/> or <see cref="ConsensusNode.RemoveMemberAsync"/>.</summary>
public enum MemberChange
{
    /// <summary>A majority of the old and new configuration committed the change: the node now votes (or no longer does).</summary>
    Done,

    /// <summary>This node is not the leader: nothing was changed; ask the leader.</summary>
    NotLeader,

    /// <summary>The node did not answer, refused the connection (wrong cluster certificate) or could not catch up the log.</summary>
    Unreachable,

    /// <summary>No answer within the deadline, or the leader changed meanwhile: the change may or may not take effect.</summary>
    TimedOut,
}
