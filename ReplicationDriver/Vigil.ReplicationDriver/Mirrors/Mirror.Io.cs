using System.Buffers.Binary;
using Vigil.ReplicationDriver.Client;
using Vigil.ReplicationDriver.Peers;

namespace Vigil.ReplicationDriver.Mirrors;

/// <summary>The primary's I/O path (the NBD export's <see cref="Nbd.IBlockDevice"/>).</summary>
internal sealed partial class Mirror
{
    private const long TrimSlice = 16 << 20;

    public bool WaitWritable(CancellationToken ct)
    {
        try
        {
            this.writable.Wait(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }

        return this.Role == MirrorRole.Primary;
    }

    public void Read(Span<byte> buffer, long offset) => this.volume.Read(buffer, offset);

    public void Write(long offset, ReadOnlySpan<byte> data, bool fua, IoCompletion completion)
    {
        var flags = fua ? FrameHeader.FlagFua : (byte)0;
        lock (this.writeOrder)
        {
            if (this.closed)
            {
                throw new IOException("mirror closed"); // answered EIO: nothing was written
            }

            if (this.links.Length > 0)
            {
                // Inside the lock: the cooler empties the log only while no write is between Touch and pwrite.
                this.activityLog.Touch(offset, data.Length); // an unreplicated export has nobody to resync
            }

            // Ship first: each target receives and pwrites while the local pwrite runs, instead of after it.
            foreach (var link in this.links)
            {
                this.ShipLocked(link, FrameType.Write, offset, data.Length, data, flags, completion);
            }

            try
            {
                this.volume.Write(data, offset);
            }
            catch (IOException)
            {
                // The targets may hold data this copy failed to take: resync the range from here (the old data).
                foreach (var link in this.links)
                {
                    link.Bitmap.SetRange(offset, data.Length);
                    link.PumpSignal.Release();
                }

                throw;
            }

            Interlocked.Increment(ref this.appliedWrites);
        }

        if (fua)
        {
            this.volume.FlushDurable();
        }
    }

    public void Trim(long offset, long length, bool fua, IoCompletion completion)
    {
        var flags = fua ? FrameHeader.FlagFua : (byte)0;
        Span<byte> payload = stackalloc byte[8];

        // In slices: an inflight entry, a bitmap range on link loss and the activity log's hot set stay bounded.
        for (var end = offset + length; offset < end;)
        {
            var slice = (int)Math.Min(TrimSlice, end - offset);
            BinaryPrimitives.WriteInt64LittleEndian(payload, slice);
            lock (this.writeOrder)
            {
                if (this.closed)
                {
                    throw new IOException("mirror closed");
                }

                if (this.links.Length > 0)
                {
                    this.activityLog.Touch(offset, slice);
                }

                foreach (var link in this.links)
                {
                    this.ShipLocked(link, FrameType.Trim, offset, slice, payload, flags, completion);
                }

                // Under the lock like a write's pwrite: a resync read of this chunk sees it before or after, never half.
                this.volume.Trim(offset, slice);
            }

            offset += slice;
        }

        if (fua)
        {
            this.volume.FlushDurable();
        }
    }

    public void Flush(IoCompletion completion)
    {
        if (!this.IsSync)
        {
            // Async: not waited for, but shipped in write order so a target makes everything before it durable
            // when it gets there. Without it an async target's copy is durable only at activity-log cooling,
            // and a power loss of both nodes would cost every write since then.
            lock (this.writeOrder)
            {
                foreach (var link in this.links)
                {
                    if (link.Receiving && link.Connection is { } connection)
                    {
                        TrySend(connection, FrameType.Flush, 0, link.Track(0, 0, null, resync: false), 0, []);
                    }
                }
            }
        }
        else
        {
            lock (this.writeOrder)
            {
                foreach (var link in this.links)
                {
                    if (link.Receiving && link.Connection is { } connection)
                    {
                        completion.AddParty();
                        var id = link.Track(0, 0, completion, resync: false);
                        TrySend(connection, FrameType.Flush, 0, id, 0, []);
                    }
                    else if (!link.Meta.Outdated && !link.Meta.Paused)
                    {
                        completion.AddParty();
                        link.Stranded.Add(completion); // completes when the target is back and resynced, or outdated
                    }
                }
            }
        }

        // Local fdatasync runs while the targets flush theirs: the slower of the two sets the latency.
        this.volume.FlushDurable();
    }

    /// <summary>Sends a write or trim of [offset, offset + length) to one target, or records it for resync.</summary>
    private void ShipLocked(PeerLink link, FrameType type, long offset, int length, ReadOnlySpan<byte> payload, byte flags, IoCompletion completion)
    {
        if (link.Receiving && link.Connection is { } connection)
        {
            if (this.IsSync)
            {
                completion.AddParty();
                var id = link.Track(offset, length, completion, resync: false);
                TrySend(connection, type, flags, id, offset, payload);
                return;
            }

            // A trim carries no data: it never fills the async window.
            var metered = type == FrameType.Write;
            if (!metered || Interlocked.Read(ref link.UnackedBytes) + length <= this.Meta.Spec.AsyncWindowBytes)
            {
                if (metered)
                {
                    Interlocked.Add(ref link.UnackedBytes, length);
                }

                var id = link.Track(offset, length, null, resync: false, unmetered: !metered);
                TrySend(connection, type, 0, id, offset, payload);
                return;
            }

            // Async window full: remember the chunk instead; the resync pump sends it when there is room.
            link.Bitmap.SetRange(offset, length);
            link.PumpSignal.Release();
            return;
        }

        link.Bitmap.SetRange(offset, length);
        if (this.IsSync && !link.Meta.Outdated && !link.Meta.Paused)
        {
            // Never degrade silently: this write completes when the target has it, or when an operator outdates it.
            completion.AddParty();
            link.Stranded.Add(completion);
        }
    }

    private void ReleaseStrandedLocked(PeerLink link, int errno)
    {
        var stranded = link.Stranded.ToArray();
        link.Stranded.Clear();
        foreach (var completion in stranded)
        {
            completion.Release(errno);
        }
    }
}
