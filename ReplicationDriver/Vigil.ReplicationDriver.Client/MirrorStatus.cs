namespace Vigil.ReplicationDriver.Client;

/// <summary>The state of one mirror on one node.</summary>
/// <param name="Name">The mirror name.</param>
/// <param name="Node">This node.</param>
/// <param name="Role">Primary or secondary.</param>
/// <param name="Mode">Sync or async.</param>
/// <param name="Disk">The state of the local copy.</param>
/// <param name="Generation">The current data generation id (hex).</param>
/// <param name="AppliedWrites">Replicated writes this node has applied (freshness among async targets).</param>
/// <param name="Suspended">True while writes wait for a lost sync target to come back or be outdated.</param>
/// <param name="SplitBrain">True when any peer link is split-brained.</param>
/// <param name="Peers">Every other node of the mirror.</param>
/// <param name="HotExtents">Activity-log extents that a crash now would resync (4 MiB each).</param>
public sealed record MirrorStatus(
    string Name,
    string Node,
    MirrorRole Role,
    MirrorMode Mode,
    DiskState Disk,
    string Generation,
    long AppliedWrites,
    bool Suspended,
    bool SplitBrain,
    IReadOnlyList<PeerStatus> Peers,
    int HotExtents = 0);
