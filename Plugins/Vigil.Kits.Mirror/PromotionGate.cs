using System.Globalization;
using Vigil.ReplicationDriver.Client;

namespace Vigil.Kits.Mirror;

/// <summary>Why a copy must not become primary, or null when it may (the driver checks again; this names the reason first).</summary>
internal static class PromotionGate
{
    public static string? Refusal(MirrorStatus status, bool markedOutdated)
    {
        if (markedOutdated)
        {
            return $"{status.Node}'s copy of {status.Name} is marked outdated through consensus: it resyncs from the primary before it may be promoted";
        }

        if (status.SplitBrain)
        {
            var peer = status.Peers.FirstOrDefault(p => p.State == PeerLinkState.SplitBrain);
            return $"split brain on {status.Name} with {peer?.Node ?? "a peer"}{(peer?.Detail is { } d ? ": " + d : string.Empty)}; choose the copy to discard (vigil mirror discard)";
        }

        return status.Disk switch
        {
            DiskState.Inconsistent when status.Peers.FirstOrDefault(p => p.State == PeerLinkState.Resyncing) is { } r =>
                string.Create(CultureInfo.InvariantCulture, $"{status.Node}'s copy of {status.Name} is resyncing from {r.Node} ({Percent(r)} %)"),
            DiskState.Inconsistent => $"{status.Node}'s copy of {status.Name} is inconsistent (never fully synced)",
            DiskState.Outdated => $"{status.Node}'s copy of {status.Name} is outdated",
            DiskState.Consistent when status.Mode == MirrorMode.Async => $"{status.Node}'s copy of async mirror {status.Name} is stale (it may lack the last writes)",
            _ => null,
        };
    }

    public static int Percent(PeerStatus peer) =>
        peer.ResyncTotal <= 0 ? 100 : (int)Math.Clamp(peer.ResyncDone * 100 / peer.ResyncTotal, 0, 100);
}
