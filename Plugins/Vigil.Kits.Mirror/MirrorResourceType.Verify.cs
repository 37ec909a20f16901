using Vigil.Plugins.Abstractions;
using Vigil.ReplicationDriver.Client;

namespace Vigil.Kits.Mirror;

/// <summary>deepCheck: quickCheck, then a sample of chunks compared with every mirroring target through vigil-repd.</summary>
public sealed partial class MirrorResourceType
{
    private static async Task<ActionResult> CheckAndVerifyAsync(MirrorSettings settings, LocalRepd repd, ActionContext context)
    {
        var check = await CheckAsync(settings, repd, context);
        if (check.Check is not (CheckState.Healthy or CheckState.Degraded))
        {
            return check; // not primary, or the export is gone: nothing to compare from here
        }

        var status = await repd.StatusAsync(settings.Mirror, context.CancellationToken);
        var sample = ChunkSample.Pick(settings.SizeBytes, Random.Shared);
        var differing = new List<string>();
        var verified = new List<string>();
        var skipped = new List<string>();
        foreach (var peer in status!.Peers.Where(p => p.State == PeerLinkState.Mirroring))
        {
            ChunkVerification result;
            try
            {
                result = await repd.Client.VerifyAsync(settings.Mirror, peer.Node, sample, context.CancellationToken);
            }
            catch (ControlException e)
            {
                // The link changed since the status was read (paused, lost, resyncing): the copy cannot be compared
                // now, which says nothing about the primary's health. Failing the check here would fail the
                // hierarchy over because an operator paused a target.
                skipped.Add($"{peer.Node} not verified ({e.Message})");
                continue;
            }

            if (result.Differing.Count > 0)
            {
                differing.Add($"{peer.Node}'s copy differs in chunk(s) {string.Join(", ", result.Differing)} of {result.Compared} compared ({result.ChunkSize >> 10} KiB chunks)");
            }
            else
            {
                verified.Add(peer.Node);
            }
        }

        if (differing.Count > 0)
        {
            // The primary's data is intact, the copy that should take over is not: the resource stays in service,
            // unprotected (failing over onto the diverged copy would be the one wrong move).
            MirrorLog.VerifyFailed(context.Logger, settings.Mirror, string.Join("; ", differing));
            return ActionResult.Degraded($"{settings.Mirror}: {string.Join("; ", differing)}; resend it: vigil mirror fullresync {settings.Mirror} --peer NODE");
        }

        var note = (verified.Count == 0 ? string.Empty : $"; {sample.Count} chunks verified on {string.Join(", ", verified)}")
            + (skipped.Count == 0 ? string.Empty : "; " + string.Join("; ", skipped));
        return check with { ExitReason = check.ExitReason + note };
    }
}
