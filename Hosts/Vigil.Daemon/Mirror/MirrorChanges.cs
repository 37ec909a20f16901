using Vigil.Engine.Commands;
using Vigil.ReplicationDriver.Client;

namespace Vigil.Daemon.Mirror;

/// <summary>
/// What changed between two status readings of the local driver, as journal observations with their cause: role,
/// local copy, suspended writes, and each peer link (connected, resyncing n % — every 10 % —, mirroring, paused,
/// outdated, broken, split-brain, refused). Pure, so its wording is tested without a driver.
/// </summary>
internal static class MirrorChanges
{
    public static IEnumerable<MirrorInputs.ReportMirrorState> Between(string observer, MirrorStatus? before, MirrorStatus now)
    {
        MirrorInputs.ReportMirrorState Report(string? peer, string state, string cause, int? percent = null) =>
            new(observer, now.Name, peer, state, percent, cause);

        if (before is null || before.Role != now.Role)
        {
            yield return Report(null, Lower(now.Role), before is null ? "vigil-repd reports the mirror" : now.Role == MirrorRole.Primary ? "promoted" : "demoted");
        }

        if (before is null || before.Disk != now.Disk)
        {
            yield return Report(null, "copy-" + Lower(now.Disk), before is null ? "local copy on start" : $"local copy was {Lower(before.Disk)}");
        }

        if ((before?.Suspended ?? false) != now.Suspended)
        {
            yield return now.Suspended
                ? Report(null, "suspended", "a sync target is lost: writes wait until it returns or is outdated")
                : Report(null, "writes-resumed", "every sync target is back or outdated");
        }

        foreach (var peer in now.Peers)
        {
            var old = before?.Peers.FirstOrDefault(p => p.Node == peer.Node);
            var was = old?.State ?? PeerLinkState.Disconnected;
            if (was == peer.State)
            {
                if (peer.State == PeerLinkState.Resyncing && old is not null && Decile(old) < Decile(peer))
                {
                    yield return Report(peer.Node, "resyncing", $"{peer.ResyncDone} of {peer.ResyncTotal} chunks", Decile(peer) * 10);
                }

                continue;
            }

            if (was == PeerLinkState.Disconnected && peer.State is PeerLinkState.Mirroring or PeerLinkState.Resyncing)
            {
                yield return Report(peer.Node, "connected", "handshake done");
            }

            yield return peer.State switch
            {
                PeerLinkState.Disconnected => Report(peer.Node, "broken", $"link lost (was {Lower(was)})"),
                PeerLinkState.Resyncing => Report(peer.Node, "resyncing", $"{peer.ResyncTotal} dirty chunks to resync", 0),
                PeerLinkState.Mirroring when was == PeerLinkState.Resyncing => Report(peer.Node, "mirroring", $"resync done ({old?.ResyncTotal ?? 0} chunks)"),
                PeerLinkState.Mirroring when was == PeerLinkState.Paused => Report(peer.Node, "mirroring", "resumed with nothing to resync"),
                PeerLinkState.Mirroring => Report(peer.Node, "mirroring", "copies in step"),
                PeerLinkState.Paused => Report(peer.Node, "paused", "replication paused: writes are tracked in the bitmap"),
                PeerLinkState.Outdated => Report(peer.Node, "outdated", "marked outdated: writes go on without it"),
                PeerLinkState.SplitBrain => Report(peer.Node, "split-brain", peer.Detail ?? "both copies were written while apart"),
                _ => Report(peer.Node, "refused", peer.Detail ?? "handshake refused"),
            };
        }
    }

    private static int Decile(PeerStatus p) => p.ResyncTotal <= 0 ? 0 : (int)Math.Clamp(p.ResyncDone * 10 / p.ResyncTotal, 0, 10);

    private static string Lower<T>(T value)
        where T : struct, Enum
    {
        var s = value.ToString();
        return s switch
        {
            "UpToDate" => "up-to-date",
            "SplitBrain" => "split-brain",
            _ => s.ToLowerInvariant(),
        };
    }
}
