using System.Globalization;
using Microsoft.AspNetCore.Http;
using Vigil.Daemon.Mirror;
using Vigil.Engine.Commands;
using Vigil.ReplicationDriver.Client;

namespace Vigil.Daemon.ControlApi;

internal sealed partial class ControlApiServer
{
    /// <summary>
    /// Pause through the API (issue 8): a paused sync target stops receiving writes, so it falls behind. A connected
    /// target is told in band (frame <c>Paused</c>) and outdates itself, but one whose link is already down (or dies
    /// unnoticed, before the link times out) never hears it and would stay promotable. So, as for outdate, the mark on
    /// each sync target's copy is committed through consensus first and the driver pauses only once every mark is in
    /// the cluster's state; without a majority nothing changes. The primary lifts a mark once the copy mirrors again
    /// (resume + resync, <c>MirrorWatch.FenceAsync</c>), never while this pause runs (<see cref="MirrorPauses"/>). Async
    /// targets may lag by design and are stale once they lose their primary: no mark.
    /// </summary>
    private async Task<MirrorStatus> PauseAsync(ApiUser user, string mirror, string? peer, CancellationToken ct)
    {
        var status = await Repd!.StatusAsync(mirror, ct);
        if (status.Mode != MirrorMode.Sync || status.Role != MirrorRole.Primary)
        {
            return await Repd.PauseAsync(mirror, peer, ct); // the driver answers (or refuses a non-primary) as before
        }

        if (peer is not null && status.Peers.All(p => p.Node != peer))
        {
            throw Refused($"pause: {mirror} has no peer {peer} (peers: {string.Join(", ", status.Peers.Select(p => p.Node))})");
        }

        var detail = $"paused by '{user.Name}' at {DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)} UTC";
        var targets = status.Peers.Where(p => (peer is null || p.Node == peer) && p.State != PeerLinkState.Paused).Select(p => p.Node).ToList();

        // Registered before the marks are proposed: the watch lifts a mark on a copy that mirrors, and these targets
        // mirror until the driver pauses them (Mirror/MirrorPauses.cs).
        var running = targets.Select(t => MirrorPauses.Begin(mirror, t)).ToList();
        try
        {
            foreach (var target in targets)
            {
                await MarkPausedAsync(user, mirror, target, detail, ct);
            }

            return await Repd.PauseAsync(mirror, peer, ct);
        }
        finally
        {
            running.ForEach(r => r.Dispose());
        }
    }

    /// <summary>
    /// Commits the mark and waits until this node applied it (the engine refuses a mark from a node that does not hold
    /// the mirror). A copy already marked — the watch's fence got there first, the link having timed out — is marked as
    /// the pause needs it: the engine takes the repeat as a no-op and the first mark's reason stands.
    /// </summary>
    private async Task MarkPausedAsync(ApiUser user, string mirror, string copy, string detail, CancellationToken ct)
    {
        var proposal = await replicated.SubmitAsync(new MirrorInputs.MarkMirrorCopyOutdated(mirror, copy, config.LocalNode, detail), OutdateCommitDeadline, ct);
        Log.MirrorOutdate(logger, user.Name, copy, mirror, "pause: " + proposal.Outcome);
        if (!proposal.IsCommitted)
        {
            throw new MirrorOutdateException(StatusCodes.Status503ServiceUnavailable, "not-committed",
                $"pause: the outdate mark on {copy}'s copy of {mirror} (a paused sync target falls behind) was not committed ({proposal.Outcome}: is a majority of the nodes up?); the driver was not told, {copy} was not paused");
        }

        if (!await replicated.WaitAppliedAsync(s => s.IsMirrorCopyOutdated(mirror, copy), OutdateCommitDeadline, ct))
        {
            var holder = await replicated.ReadAsync(s => s.MirrorHolder(mirror));
            throw Refused($"pause: the cluster did not record the outdate mark on {copy}'s copy of {mirror}"
                + (holder is not null && holder != config.LocalNode ? $" (its resource is active on {holder}, not on {config.LocalNode})" : string.Empty)
                + $"; the driver was not told, {copy} was not paused");
        }
    }
}
