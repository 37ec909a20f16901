namespace Vigil.ReplicationDriver.Client;

/// <summary>The state of the replication link between this node and one peer, seen from this node.</summary>
public enum PeerLinkState
{
    /// <summary>No connection.</summary>
    Disconnected,

    /// <summary>Connected, handshake done, copies in step: every write is shipped.</summary>
    Mirroring,

    /// <summary>Connected and copying dirty chunks (see progress).</summary>
    Resyncing,

    /// <summary>Replication stopped by the operator; writes are tracked in the bitmap.</summary>
    Paused,

    /// <summary>The peer was marked outdated: writes go on without it, tracked in the bitmap.</summary>
    Outdated,

    /// <summary>Both sides were written while apart: no resync until the operator discards one side.</summary>
    SplitBrain,

    /// <summary>The peer's data is unrelated or the handshake was refused (see the detail).</summary>
    Refused,
}
