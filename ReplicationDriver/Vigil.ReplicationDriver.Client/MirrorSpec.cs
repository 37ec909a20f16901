namespace Vigil.ReplicationDriver.Client;

/// <summary>What <c>create</c> needs; the same spec is given to every node of the mirror.</summary>
/// <param name="Name">The mirror name; also the NBD export name.</param>
/// <param name="Volume">The local backing file or block device on the node receiving the spec.</param>
/// <param name="SizeBytes">The volume size; a missing file is created sparse with this size.</param>
/// <param name="Mode">Sync or async.</param>
/// <param name="Primary">The node that starts as primary (its data is the initial truth).</param>
/// <param name="Nodes">Every node holding a copy, the primary included.</param>
/// <param name="ExportUnixSocket">Path of the NBD Unix socket the primary listens on (optional).</param>
/// <param name="ExportTcpPort">Loopback TCP port of the NBD export (optional, 0 = none).</param>
/// <param name="ChunkSize">Bitmap granularity in bytes (power of two, default 64 KiB).</param>
/// <param name="ResyncBytesPerSecond">Resync throttle (0 = unlimited).</param>
/// <param name="AsyncWindowBytes">Async mode: unacknowledged bytes in flight before writes fall back to the bitmap.</param>
public sealed record MirrorSpec(
    string Name,
    string Volume,
    long SizeBytes,
    MirrorMode Mode,
    string Primary,
    IReadOnlyList<MirrorNode> Nodes,
    string? ExportUnixSocket = null,
    int ExportTcpPort = 0,
    int ChunkSize = 65536,
    long ResyncBytesPerSecond = 0,
    long AsyncWindowBytes = 8 << 20);
