namespace Vigil.Membership;

/// <summary>
/// One committed comm path as the heartbeat process of one of its ends runs it: its type (udp, tcp, disk), the peer
/// at the other end, this node's address for it and the peer's (address:port, or each node's view of the disk region).
/// </summary>
public sealed record PlanPath(string Type, string Peer, string Local, string Remote)
{
    /// <summary>The peer's heartbeat id, for a peer the process's start plan did not list (a node that joined since); -1 when unknown.</summary>
    public int PeerId { get; init; } = -1;
}
