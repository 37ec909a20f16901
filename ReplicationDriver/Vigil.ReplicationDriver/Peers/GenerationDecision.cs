using Vigil.ReplicationDriver.Client;

namespace Vigil.ReplicationDriver.Peers;

/// <summary>
/// Generation-id comparison (after DRBD's UUIDs), decided by the dialing primary from both hellos.
/// A node starts a new generation (its old one goes to history, and becomes the bitmap base of every
/// peer not receiving writes) whenever it writes without some peer. So: same current = same lineage;
/// peer current == my base for it = I am ahead and my bitmap says where; both bases equal but both
/// currents moved = both wrote while apart = split brain.
/// </summary>
internal static class GenerationDecision
{
    public static PeerVerdict Decide(PeerHello local, PeerHello peer)
    {
        var related = local.Current == peer.Current
            || local.BaseForPeer == peer.Current
            || peer.BaseForPeer == local.Current
            || (local.BaseForPeer != 0 && local.BaseForPeer == peer.BaseForPeer);
        if (peer.Discard)
        {
            return new(PeerVerdict.Sync, !related, "peer discards its data");
        }

        if (local.Discard)
        {
            return new(PeerVerdict.Refused, false, "this node is marked to discard its data");
        }

        if (peer.Current == 0)
        {
            return new(PeerVerdict.Sync, true, "new target: full resync");
        }

        var splitBrain = local.Current != peer.Current && local.BaseForPeer != 0 && local.BaseForPeer == peer.BaseForPeer;
        if (splitBrain)
        {
            return new(PeerVerdict.SplitBrain, false,
                $"both sides written since generation {local.BaseForPeer:x16} (here {local.Current:x16}, {peer.Node} {peer.Current:x16})");
        }

        if (peer.Role == MirrorRole.Primary)
        {
            return new(PeerVerdict.Refused, false, $"{peer.Node} is primary too");
        }

        if (local.Current == peer.Current || peer.Current == local.BaseForPeer)
        {
            return new(PeerVerdict.Sync, false, "bitmap resync");
        }

        if (local.Current == peer.BaseForPeer || peer.History.Contains(local.Current))
        {
            return new(PeerVerdict.Refused, false, $"{peer.Node} has newer data: demote this node and let it resync from {peer.Node}");
        }

        if (local.History.Contains(peer.Current))
        {
            return new(PeerVerdict.Sync, true, "peer is behind beyond its bitmap: full resync");
        }

        return new(PeerVerdict.SplitBrain, false,
            $"unrelated data (here {local.Current:x16}, {peer.Node} {peer.Current:x16}): choose a side to discard");
    }
}
