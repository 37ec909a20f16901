using Vigil.ReplicationDriver.Client;

namespace Vigil.ReplicationDriver.Peers;

/// <summary>What each side tells the other after authentication (JSON payload of a Hello frame).</summary>
/// <param name="Mirror">The mirror name.</param>
/// <param name="Node">The sender's node name.</param>
/// <param name="Role">The sender's role.</param>
/// <param name="Disk">The sender's disk state.</param>
/// <param name="Current">The sender's current generation (0 = never synced).</param>
/// <param name="BaseForPeer">The generation the sender started tracking bits for the receiver at (0 = none).</param>
/// <param name="History">The sender's earlier generations, newest first.</param>
/// <param name="Discard">The sender was told to discard its data (split-brain victim).</param>
/// <param name="Size">Volume size.</param>
/// <param name="ChunkSize">Bitmap chunk size.</param>
/// <param name="Bits">The sender's bitmap for the receiver.</param>
internal sealed record PeerHello(
    string Mirror,
    string Node,
    MirrorRole Role,
    DiskState Disk,
    ulong Current,
    ulong BaseForPeer,
    IReadOnlyList<ulong> History,
    bool Discard,
    long Size,
    int ChunkSize,
    byte[] Bits);
