using System.Globalization;
using Vigil.ReplicationDriver.Client;

namespace Vigil.ReplicationDriver.Mirrors;

/// <summary>What a refused promotion says about the local copy: its real reason, not just its disk state.</summary>
internal sealed partial class Mirror
{
    /// <summary>
    /// Inconsistent has three causes an operator must tell apart: a resync running now (refused earlier: connected to
    /// the primary), a copy that never completed its first resync (no generation of its own yet), and one that was in
    /// step before and whose resync stopped part-way (its primary lost, or the link dropped). Called under the state lock.
    /// </summary>
    private string DescribeUnpromotableLocked()
    {
        var discard = this.Meta.Discard ? " and marked for discard" : string.Empty;
        if (this.Meta.Disk != DiskState.Inconsistent)
        {
            return $"{this.Meta.Disk}{discard}";
        }

        if (this.Meta.Current == 0)
        {
            return $"Inconsistent: never fully synced (its first resync did not finish){discard}";
        }

        var stopped = this.links.FirstOrDefault(l => l.ResyncTotal > 0 && l.ResyncDone < l.ResyncTotal);
        var where = stopped is null
            ? "a resync did not finish"
            : string.Create(CultureInfo.InvariantCulture, $"its resync from {stopped.Node} stopped at {Percent(stopped)} %");
        return $"Inconsistent: behind, in step before but {where}{discard}";
    }

    /// <summary>
    /// The primary paused this target's link: every write from here on misses this copy, so it is outdated now — a
    /// paused sync target that stayed "consistent" was promotable and would have come up without those writes.
    /// </summary>
    private void OutdateByPause(PeerLink link)
    {
        lock (this.stateLock)
        {
            if (this.Role == MirrorRole.Secondary && this.Meta.Disk is DiskState.UpToDate or DiskState.Consistent)
            {
                this.Meta.Disk = DiskState.Outdated;
                this.SaveMeta();
                LogOutdatedByPause(this.logger, this.Name, link.Node);
            }
        }
    }

    private static long Percent(PeerLink link) =>
        link.ResyncTotal <= 0 ? 100 : Math.Clamp(link.ResyncDone * 100 / link.ResyncTotal, 0, 100);
}
