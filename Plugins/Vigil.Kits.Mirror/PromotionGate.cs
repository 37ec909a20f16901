using System.Globalization;
using Vigil.ReplicationDriver.Client;

namespace Vigil.Kits.Mirror;

/// <summary>
/// Why a copy must not become primary, or null when it may (the driver checks again; this names the reason first).
/// Each refusal names the real reason: marked outdated through consensus (when, by whom, why), split brain, resyncing
/// (with its progress), behind after an unfinished resync, never fully synced, outdated, stale.
/// </summary>
internal static class PromotionGate
{
    /// <param name="status">The local copy's status.</param>
    /// <param name="outdateMark">The committed outdate mark on this copy (its detail, possibly empty), or null when not marked.</param>
    public static string? Refusal(MirrorStatus status, string? outdateMark)
    {
        if (outdateMark is not null)
        {
            var detail = outdateMark.Length == 0 ? string.Empty : $" ({outdateMark})";
            return $"{status.Node}'s copy of {status.Name} is outdated by consensus{detail}: it resyncs from the primary before it may be promoted";
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
            DiskState.Inconsistent when NeverSynced(status) =>
                $"{status.Node}'s copy of {status.Name} is inconsistent: it was never fully synced (its first resync did not finish)",
            DiskState.Inconsistent => Behind(status),
            DiskState.Outdated => $"{status.Node}'s copy of {status.Name} is outdated (behind its primary: it resyncs before it may be promoted)",
            DiskState.Consistent when status.Mode == MirrorMode.Async => $"{status.Node}'s copy of async mirror {status.Name} is stale (it may lack the last writes)",
            _ => null,
        };
    }

    public static int Percent(PeerStatus peer) =>
        peer.ResyncTotal <= 0 ? 100 : (int)Math.Clamp(peer.ResyncDone * 100 / peer.ResyncTotal, 0, 100);

    /// <summary>A copy that never completed a resync has no generation of its own yet (the driver shows zeros).</summary>
    private static bool NeverSynced(MirrorStatus status) => status.Generation.All(c => c == '0');

    /// <summary>In step once, then a resync began and did not finish (its primary was lost, or the link dropped).</summary>
    private static string Behind(MirrorStatus status)
    {
        var stopped = status.Peers.FirstOrDefault(p => p.ResyncTotal > 0 && p.ResyncDone < p.ResyncTotal);
        var where = stopped is null
            ? "a resync did not finish"
            : string.Create(CultureInfo.InvariantCulture, $"its resync from {stopped.Node} stopped at {Percent(stopped)} % ({stopped.ResyncDone} of {stopped.ResyncTotal} chunks; link {stopped.State.ToString().ToLowerInvariant()})");
        return $"{status.Node}'s copy of {status.Name} is behind: it was in step before, but {where}";
    }
}
