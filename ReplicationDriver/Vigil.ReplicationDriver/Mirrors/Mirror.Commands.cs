using Vigil.ReplicationDriver.Client;
using Vigil.ReplicationDriver.Nbd;

namespace Vigil.ReplicationDriver.Mirrors;

/// <summary>Operator commands (the control API). Each throws <see cref="InvalidOperationException"/> with the reason when refused.</summary>
internal sealed partial class Mirror
{
    public void Promote(bool force)
    {
        lock (this.stateLock)
        {
            if (this.Role == MirrorRole.Primary)
            {
                return;
            }

            if (this.links.FirstOrDefault(l => l.Connection is not null) is { } connected)
            {
                throw new InvalidOperationException($"refused: connected to primary {connected.Node}; demote it first");
            }

            if (!force && (this.Meta.Disk is DiskState.Inconsistent or DiskState.Outdated || this.Meta.Discard))
            {
                throw new InvalidOperationException($"refused: local copy is {this.DescribeUnpromotableLocked()}; use force to promote anyway");
            }

            if (!force && this.Meta.Spec.Mode == MirrorMode.Async && this.Meta.Disk == DiskState.Consistent)
            {
                // An async target cut off from its primary may miss the last writes: stale until proven otherwise.
                throw new InvalidOperationException(
                    "refused: async copy may be stale (its primary was lost, not demoted); promote the freshest target (highest appliedWrites) with force");
            }

            lock (this.writeOrder)
            {
                if (this.Meta.Current == 0)
                {
                    this.Meta.Current = NewGeneration();
                }

                // Nobody receives our writes yet: from here on we write without every peer.
                foreach (var link in this.links)
                {
                    this.StartGenerationWithout(link);
                }

                this.Role = MirrorRole.Primary;
                this.Meta.Disk = DiskState.UpToDate;
                this.Meta.Discard = false;
            }

            this.SaveMeta();
            this.StartPrimaryLocked();
            this.RecomputeWritable();
        }

        LogCommand(this.logger, this.Name, "promote", this.Role);
    }

    /// <summary>Starts as primary right after create on the node the spec names primary (no generation bump: nothing was written).</summary>
    public void StartAsCreatingPrimary()
    {
        lock (this.stateLock)
        {
            this.Role = MirrorRole.Primary;
            this.Meta.Disk = DiskState.UpToDate;
            this.StartPrimaryLocked();
            this.RecomputeWritable();
        }
    }

    public void Demote()
    {
        lock (this.stateLock)
        {
            if (this.Role == MirrorRole.Secondary)
            {
                return;
            }

            this.HandOverLocked();
            this.StopPrimaryLocked();
            this.SaveMeta();
        }

        LogCommand(this.logger, this.Name, "demote", this.Role);
    }

    /// <summary>
    /// Planned switchover: stop taking writes, wait (up to 5 s) until every mirroring target acknowledged
    /// everything, then tell it so — it stays up to date and promotable without force.
    /// </summary>
    private void HandOverLocked()
    {
        this.writable.Reset(); // new writes wait; they fail with ESHUTDOWN once the role changes
        var deadline = this.context.Time.GetTimestamp() + (5 * this.context.Time.TimestampFrequency);
        using var tick = new ManualResetEventSlim(false);
        foreach (var link in this.links)
        {
            // A short bounded wait inside a command, never on the I/O path.
            while (link.Receiving && link.State == PeerLinkState.Mirroring && (link.InflightCount > 0 || link.Bitmap.Count > 0)
                && this.context.Time.GetTimestamp() < deadline)
            {
                tick.Wait(TimeSpan.FromMilliseconds(5));
            }

            if (link.Receiving && link.State == PeerLinkState.Mirroring && link.InflightCount == 0 && link.Bitmap.Count == 0
                && link.Connection is { } connection)
            {
                TrySend(connection, Peers.FrameType.Handover, 0, 0, 0, []);
            }
        }
    }

    public void Pause(string? peer)
    {
        this.RequirePrimary("pause");
        lock (this.stateLock)
        {
            foreach (var link in this.Select(peer))
            {
                lock (this.writeOrder)
                {
                    if (link.Receiving && link.Connection is { } connection)
                    {
                        // In write order, before the first write it will miss: the target outdates its copy, so it is
                        // never promoted while behind (it was a sync target in step, promotable without force).
                        TrySend(connection, Peers.FrameType.Paused, 0, 0, 0, []);
                    }

                    link.Meta.Paused = true;
                    this.StartGenerationWithout(link);
                    link.State = PeerLinkState.Paused;
                    this.ReleaseStrandedLocked(link, 0); // an explicit pause is not a silent degradation
                }

                link.Connection?.Dispose();
            }

            this.SaveMeta();
            this.RecomputeWritable();
        }
    }

    public void Resume(string? peer)
    {
        this.RequirePrimary("resume");
        lock (this.stateLock)
        {
            foreach (var link in this.Select(peer))
            {
                link.Meta.Paused = false;
                if (link.State == PeerLinkState.Paused)
                {
                    link.State = link.Meta.Outdated ? PeerLinkState.Outdated : PeerLinkState.Disconnected;
                }
            }

            this.SaveMeta();
            this.RecomputeWritable();
        }
    }

    public void FullResync(string? peer)
    {
        this.RequirePrimary("fullresync");
        lock (this.stateLock)
        {
            foreach (var link in this.Select(peer))
            {
                lock (this.writeOrder)
                {
                    link.Bitmap.SetAll();
                    if (link.Receiving && link.Connection is { } connection)
                    {
                        // In band, in write order: the target turns inconsistent before any resync data arrives,
                        // and new writes keep flowing (no suspension while the whole volume is copied).
                        link.ResyncTotal = link.Bitmap.Count;
                        link.ResyncDone = 0;
                        link.NeedDone = true;
                        link.State = PeerLinkState.Resyncing;
                        TrySend(connection, Peers.FrameType.ResyncStart, 0, 0, 0, []);
                        link.PumpSignal.Release();
                    }
                }

                link.Bitmap.Save(link.BitmapPath);
            }
        }
    }

    public void Outdate(string? peer)
    {
        lock (this.stateLock)
        {
            if (peer is null)
            {
                if (this.Role == MirrorRole.Primary)
                {
                    throw new InvalidOperationException("refused: the primary's copy cannot be outdated; name a peer");
                }

                // Connected to the primary, the resync decides this copy's state (inconsistent, then up to date): an
                // outdate that raced with it would leave a copy in step with the primary marked behind.
                if (this.links.FirstOrDefault(l => l.Connection is not null) is { } primary)
                {
                    throw new InvalidOperationException($"refused: connected to the primary {primary.Node}; its resync decides this copy's state");
                }

                this.Meta.Disk = DiskState.Outdated;
                this.SaveMeta();
                return;
            }

            this.RequirePrimary("outdate a peer");
            var link = this.FindLink(peer) ?? throw new InvalidOperationException($"no peer {peer}");
            lock (this.writeOrder)
            {
                if (link.Receiving)
                {
                    throw new InvalidOperationException($"refused: {peer} is connected; pause it first");
                }

                link.Meta.Outdated = true;
                this.StartGenerationWithout(link);
                if (link.State == PeerLinkState.Disconnected)
                {
                    link.State = PeerLinkState.Outdated;
                }

                this.ReleaseStrandedLocked(link, 0);
            }

            link.Bitmap.Save(link.BitmapPath);
            this.SaveMeta();
            this.RecomputeWritable();
        }
    }

    public void Discard()
    {
        lock (this.stateLock)
        {
            if (this.Role == MirrorRole.Primary)
            {
                throw new InvalidOperationException("refused: demote before discarding this node's data");
            }

            this.Meta.Discard = true;
            this.Meta.Disk = DiskState.Outdated;
            foreach (var link in this.links.Where(l => l.State is PeerLinkState.SplitBrain or PeerLinkState.Refused))
            {
                link.State = PeerLinkState.Disconnected;
                link.Detail = null;
            }

            this.SaveMeta();
        }
    }

    public void Throttle(long bytesPerSecond) => Interlocked.Exchange(ref this.resyncRate, bytesPerSecond);

    private IEnumerable<PeerLink> Select(string? peer)
        => peer is null ? this.links : [this.FindLink(peer) ?? throw new InvalidOperationException($"no peer {peer}")];

    private void RequirePrimary(string what)
    {
        if (this.Role != MirrorRole.Primary)
        {
            throw new InvalidOperationException($"refused: only the primary can {what}");
        }
    }

    private void StartPrimaryLocked()
    {
        var spec = this.Meta.Spec;
        this.export = new NbdExport(this, spec.ExportUnixSocket, spec.ExportTcpPort, this.context.Nbd, this.logger);
        this.primaryCts = new CancellationTokenSource();
        foreach (var link in this.links)
        {
            _ = this.DialLoopAsync(link, this.primaryCts.Token);
        }
    }

    private void StopPrimaryLocked()
    {
        if (this.Role != MirrorRole.Primary)
        {
            return;
        }

        this.Role = MirrorRole.Secondary;
        this.primaryCts?.Cancel();
        this.export?.Dispose();
        this.export = null;
        this.writable.Set(); // waiting writers wake up and see they are no longer primary
        lock (this.writeOrder)
        {
            foreach (var link in this.links)
            {
                this.ReleaseStrandedLocked(link, NbdProtocol.EShutdown);
                link.Connection?.Dispose();
            }
        }
    }
}
