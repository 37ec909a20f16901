using Vigil.Engine.Commands;
using Vigil.ReplicationDriver.Client;

namespace Vigil.Daemon.Mirror;

/// <summary>
/// The outdate protocol (DRBD's fence-peer, through the consensus log). A primary whose sync writes are suspended
/// because a target is lost proposes that target's copy outdated; only once the mark is committed does it tell its
/// driver to go on without it — so a primary cut off in a minority can commit nothing and never resumes writes alone.
/// Only the node holding the mirror resource proposes, and it acts on the mark once applied, not once committed: a
/// proposal from a cut-off primary can commit after the heal, and the engine refuses it (the mirror is held elsewhere).
/// A node whose own copy is marked outdated outdates it locally until it resyncs; a primary that sees a marked
/// target mirroring again (resync finished) lifts the mark — unless the mark is a pause's that is being carried out
/// (<see cref="MirrorPauses"/>): its target mirrors until the driver pauses it.
/// </summary>
internal sealed partial class MirrorWatch
{
    private static readonly TimeSpan ProposeDeadline = TimeSpan.FromSeconds(2);

    private async Task FenceAsync(MirrorStatus status, CancellationToken stopping)
    {
        var marked = await replicated.ReadAsync(s => s.OutdatedMirrorCopies.ToHashSet(StringComparer.Ordinal));
        bool Marked(string copyNode) => marked.Contains(Engine.State.ClusterState.MirrorCopy(status.Name, copyNode));

        if (status.Role == MirrorRole.Primary)
        {
            foreach (var peer in status.Peers)
            {
                if (status.Mode == MirrorMode.Sync && status.Suspended && peer.State == PeerLinkState.Disconnected)
                {
                    if (await replicated.ReadAsync(s => s.MirrorHolder(status.Name)) is { } holder && holder != node)
                    {
                        continue; // the cluster gave the mirror to another node: this primary stays suspended until it is removed
                    }

                    if (!Marked(peer.Node))
                    {
                        Log.Fence(logger, status.Name, $"sync target {peer.Node} lost: proposing its copy outdated");
                        var result = await replicated.SubmitAsync(new MirrorInputs.MarkMirrorCopyOutdated(status.Name, peer.Node, node, "sync target lost while primary writes"), ProposeDeadline, stopping);
                        if (!result.IsCommitted || !await MarkAppliedAsync(status.Name, peer.Node, stopping))
                        {
                            continue; // no majority, or the engine refused the mark: writes stay suspended
                        }
                    }

                    Log.Fence(logger, status.Name, $"{peer.Node}'s outdated mark is committed: writes go on without it");
                    await driver.OutdateAsync(status.Name, peer.Node, stopping);
                }
                else if (peer.State == PeerLinkState.Mirroring && Marked(peer.Node) && Pauses.MayLift(status.Name, peer.Node, _statusEpoch))
                {
                    var cleared = await replicated.SubmitAsync(new MirrorInputs.ClearMirrorCopyOutdated(status.Name, peer.Node, node, "resynced from the primary"), ProposeDeadline, stopping);
                    Log.Fence(logger, status.Name, $"{peer.Node} resynced: lifting its outdated mark ({cleared.Outcome})");
                }
            }
        }
        else if (Marked(node) && status.Disk is not (DiskState.Outdated or DiskState.Inconsistent)
                 && status.Peers.All(p => p.State is not (PeerLinkState.Mirroring or PeerLinkState.Resyncing)))
        {
            Log.Fence(logger, status.Name, "this copy is marked outdated through consensus: outdating it locally");
            await driver.OutdateAsync(status.Name, peer: null, stopping);
        }
    }

    /// <summary>
    /// A committed proposal is not yet a mark: the engine may have refused it (this node no longer holds the mirror).
    /// Waits, briefly, until this node has applied the mark; only then may the driver go on without the target.
    /// </summary>
    private Task<bool> MarkAppliedAsync(string mirror, string copyNode, CancellationToken stopping) =>
        replicated.WaitAppliedAsync(s => s.IsMirrorCopyOutdated(mirror, copyNode), ProposeDeadline, stopping);
}
