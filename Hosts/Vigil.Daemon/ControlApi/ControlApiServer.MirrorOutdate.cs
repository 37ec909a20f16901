using Microsoft.AspNetCore.Http;
using Vigil.Engine.Commands;
using Vigil.ReplicationDriver.Client;

namespace Vigil.Daemon.ControlApi;

internal sealed partial class ControlApiServer
{
    private static readonly TimeSpan OutdateCommitDeadline = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Outdate through the API keeps the fencing rule (Mirror/README.md): the mark on the copy is committed through
    /// consensus (<see cref="MirrorInputs.MarkMirrorCopyOutdated"/>) before the driver hears of it, so a node cut off in
    /// a minority cannot outdate anything. With a peer (on the primary): go on without that peer's copy. Without (on a
    /// secondary): this node's own copy is behind. What the driver would refuse is refused before anything is proposed.
    /// </summary>
    private async Task<MirrorStatus> OutdateAsync(ApiUser user, string mirror, string? peer, CancellationToken ct)
    {
        var status = await Repd!.StatusAsync(mirror, ct);
        var copy = peer ?? config.LocalNode;
        if (peer is not null && status.Role != MirrorRole.Primary)
        {
            throw Refused($"outdate --peer {peer}: node {config.LocalNode} is not {mirror}'s primary; send it to the primary (or outdate a secondary's own copy without --peer on that node)");
        }

        if (peer is null && status.Role == MirrorRole.Primary)
        {
            throw Refused($"outdate: node {config.LocalNode} is {mirror}'s primary, its copy is the truth; name the peer to outdate with --peer");
        }

        if (peer is not null && status.Peers.All(p => p.Node != peer))
        {
            throw Refused($"outdate: {mirror} has no peer {peer} (peers: {string.Join(", ", status.Peers.Select(p => p.Node))})");
        }

        if (status.Peers.FirstOrDefault(p => (peer is null || p.Node == peer) && p.State is PeerLinkState.Mirroring or PeerLinkState.Resyncing) is { } connected)
        {
            throw Refused(peer is null
                ? $"outdate: connected to the primary {connected.Node}; its resync decides this copy's state"
                : $"outdate: {peer} is connected ({connected.State.ToString().ToLowerInvariant()}); pause it first");
        }

        var reason = $"operator '{user.Name}' through the control API";
        var proposal = await replicated.SubmitAsync(new MirrorInputs.MarkMirrorCopyOutdated(mirror, copy, config.LocalNode, reason), OutdateCommitDeadline, ct);
        Log.MirrorOutdate(logger, user.Name, copy, mirror, proposal.Outcome.ToString());
        if (!proposal.IsCommitted)
        {
            throw new MirrorOutdateException(StatusCodes.Status503ServiceUnavailable, "not-committed",
                $"outdate: the mark on {copy}'s copy of {mirror} was not committed ({proposal.Outcome}: is a majority of the nodes up?); the driver was not told, nothing changed");
        }

        return await Repd.OutdateAsync(mirror, peer, ct);
    }

    private static MirrorOutdateException Refused(string message) => new(StatusCodes.Status409Conflict, "refused", message);
}
