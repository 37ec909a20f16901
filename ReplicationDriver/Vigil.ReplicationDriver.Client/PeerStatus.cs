namespace Vigil.ReplicationDriver.Client;

/// <summary>One peer of a mirror as seen from this node.</summary>
/// <param name="Node">The peer's node name.</param>
/// <param name="State">The link state.</param>
/// <param name="DirtyChunks">Chunks this node must still send to (or receive from) the peer.</param>
/// <param name="DirtyBytes">The same in bytes.</param>
/// <param name="ResyncDone">Chunks resynced since the current resync started.</param>
/// <param name="ResyncTotal">Chunks the current resync started with.</param>
/// <param name="ResyncedChunksTotal">Chunks sent or received by resync since the process started (both directions).</param>
/// <param name="Detail">Why the link is refused or split-brained, when it is.</param>
public sealed record PeerStatus(
    string Node,
    PeerLinkState State,
    long DirtyChunks,
    long DirtyBytes,
    long ResyncDone,
    long ResyncTotal,
    long ResyncedChunksTotal,
    string? Detail);
