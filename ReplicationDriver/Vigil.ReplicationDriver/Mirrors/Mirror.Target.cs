using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text.Json;
using Vigil.ReplicationDriver.Client;
using Vigil.ReplicationDriver.Peers;

namespace Vigil.ReplicationDriver.Mirrors;

/// <summary>
/// The target's side of a link: answer the hello, take the primary's verdict, then apply frames in
/// arrival order on one thread (which is what keeps writes and resync data for a chunk in order).
/// </summary>
internal sealed partial class Mirror
{
    /// <summary>Serves an authenticated connection whose Hello named this mirror; returns when the link ends.</summary>
    public void ServeIncoming(PeerConnection connection, PeerHello remote)
    {
        var link = this.FindLink(remote.Node);
        if (link is null)
        {
            return; // not a node of this mirror
        }

        connection.SendJson(FrameType.Hello, this.HelloFor(link));
        var verdict = connection.ReceiveJson<PeerVerdict>(FrameType.Verdict);
        if (!this.StartTargetSession(link, connection, remote, verdict))
        {
            return;
        }

        try
        {
            this.TargetReceiveLoop(link, connection);
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException or JsonException)
        {
        }
        finally
        {
            lock (this.stateLock)
            {
                if (link.Connection == connection)
                {
                    link.Connection = null;
                    link.State = PeerLinkState.Disconnected;
                    if (this.Meta.Disk == DiskState.UpToDate && this.Role == MirrorRole.Secondary && !link.HandedOver)
                    {
                        this.Meta.Disk = DiskState.Consistent; // cut off from the primary: no longer known to be newest
                    }

                    link.HandedOver = false;

                    this.SaveMeta();
                }

                link.Bitmap.Save(link.BitmapPath);
            }

            connection.Dispose();
            LogLinkLost(this.logger, this.Name, link.Node);
        }
    }

    private bool StartTargetSession(PeerLink link, PeerConnection connection, PeerHello remote, PeerVerdict verdict)
    {
        lock (this.stateLock)
        {
            if (verdict.Outcome != PeerVerdict.Sync || this.Role == MirrorRole.Primary)
            {
                this.RecordRefusal(link, verdict);
                return false;
            }

            link.Connection?.Dispose(); // a stale session from before the primary reconnected
            link.Connection = connection;
            if (verdict.Full)
            {
                link.Bitmap.SetAll();
            }
            else
            {
                link.Bitmap.Merge(remote.Bits);
            }

            link.Detail = null;
            link.ResyncDone = 0;
            link.ResyncTotal = link.Bitmap.Count;
            if (link.Bitmap.Count > 0 || this.Meta.Current != remote.Current)
            {
                this.Meta.Disk = DiskState.Inconsistent; // until ResyncDone: a half-copied volume must not be promoted
            }

            link.State = PeerLinkState.Resyncing;
            this.SaveMeta();
            link.Bitmap.Save(link.BitmapPath);
            LogVerdict(this.logger, this.Name, link.Node, verdict.Outcome, verdict.Detail, link.ResyncTotal);
            return true;
        }
    }

    private void TargetReceiveLoop(PeerLink link, PeerConnection connection)
    {
        var chunkSize = this.Meta.Spec.ChunkSize;
        var acks = new AckBatch(connection);
        while (connection.Receive() is { } frame)
        {
            var header = frame.Header;
            var payload = frame.Payload is null ? ReadOnlySpan<byte>.Empty : frame.Payload.AsSpan(0, header.Length);
            try
            {
                switch (header.Type)
                {
                    case FrameType.Write:
                        this.ApplyLocked(payload, header.Offset);
                        if ((header.Flags & FrameHeader.FlagFua) != 0)
                        {
                            acks.Flush(); // do not hold earlier acks back for the length of an fdatasync
                            this.volume.FlushDurable();
                        }

                        Interlocked.Increment(ref this.appliedWrites);
                        acks.Add(FrameType.WriteAck, header.Id);
                        break;
                    case FrameType.Trim:
                        this.TrimLocked(header.Offset, BinaryPrimitives.ReadInt64LittleEndian(payload));
                        if ((header.Flags & FrameHeader.FlagFua) != 0)
                        {
                            acks.Flush();
                            this.volume.FlushDurable();
                        }

                        acks.Add(FrameType.WriteAck, header.Id);
                        break;
                    case FrameType.Flush:
                        // Inline: every write before this frame was applied (one thread, arrival order), so
                        // this fdatasync covers them all.
                        acks.Flush();
                        this.volume.FlushDurable();
                        acks.Add(FrameType.FlushAck, header.Id);
                        break;
                    case FrameType.ResyncData:
                        this.ApplyLocked(payload, header.Offset);
                        link.Bitmap.Clear(header.Offset / chunkSize);
                        Interlocked.Increment(ref link.ResyncDone);
                        Interlocked.Increment(ref link.ResyncedTotal);
                        acks.Add(FrameType.ResyncAck, header.Id);
                        break;
                    case FrameType.ResyncDone:
                        acks.Flush();
                        this.volume.FlushDurable();
                        this.AdoptGeneration(link, JsonSerializer.Deserialize<GenerationInfo>(payload, ControlJson.Options)!, resynced: true);
                        connection.Send(FrameType.ResyncDoneAck, 0, 0, 0, []);
                        break;
                    case FrameType.NewGeneration:
                        if (link.State == PeerLinkState.Mirroring)
                        {
                            this.AdoptGeneration(link, JsonSerializer.Deserialize<GenerationInfo>(payload, ControlJson.Options)!, resynced: false);
                        }

                        break;
                    case FrameType.Ping:
                        connection.Send(FrameType.Pong, 0, 0, 0, []);
                        break;
                    case FrameType.ResyncStart:
                        this.BeginFullResync(link);
                        break;
                    case FrameType.VerifyRequest:
                        acks.Flush();
                        this.AnswerVerify(connection, header, payload);
                        break;
                    case FrameType.Paused:
                        this.OutdateByPause(link);
                        break;
                    case FrameType.Handover:
                        // Sent by a primary that demotes cleanly once this copy acknowledged everything: it stays
                        // up to date (and promotable without force) when the link closes.
                        this.volume.FlushDurable();
                        link.HandedOver = link.State == PeerLinkState.Mirroring && this.Meta.Disk == DiskState.UpToDate;
                        break;
                    default:
                        break;
                }
            }
            finally
            {
                if (frame.Payload is not null)
                {
                    ArrayPool<byte>.Shared.Return(frame.Payload);
                }
            }

            if (!connection.Reader.HasBuffered)
            {
                acks.Flush(); // about to block on the socket: send what was acknowledged so far
            }
        }
    }

    /// <summary>Activity log then pwrite, under the write-order lock like the primary's writes (uncontended here).</summary>
    private void ApplyLocked(ReadOnlySpan<byte> payload, long offset)
    {
        lock (this.writeOrder)
        {
            if (this.closed)
            {
                throw new ObjectDisposedException(this.Name);
            }

            this.activityLog.Touch(offset, payload.Length);
            this.volume.Write(payload, offset);
        }
    }

    private void TrimLocked(long offset, long length)
    {
        if (length <= 0 || length > TrimSlice || offset < 0 || offset > this.Size - length)
        {
            throw new IOException($"trim frame out of range: offset {offset}, length {length}"); // ends the link
        }

        lock (this.writeOrder)
        {
            if (this.closed)
            {
                throw new ObjectDisposedException(this.Name);
            }

            this.activityLog.Touch(offset, (int)length);
            this.volume.Trim(offset, length);
        }
    }

    private void BeginFullResync(PeerLink link)
    {
        lock (this.stateLock)
        {
            link.Bitmap.SetAll();
            link.ResyncTotal = link.Bitmap.Count;
            link.ResyncDone = 0;
            link.State = PeerLinkState.Resyncing;
            this.Meta.Disk = DiskState.Inconsistent; // persisted before the first chunk is overwritten
            this.SaveMeta();
            link.Bitmap.Save(link.BitmapPath);
        }
    }

    /// <summary>Both sides record a refused or split-brained link; logged once per change, not per retry.</summary>
    private void RecordRefusal(PeerLink link, PeerVerdict verdict)
    {
        var state = verdict.Outcome == PeerVerdict.SplitBrain ? PeerLinkState.SplitBrain : PeerLinkState.Refused;
        if (link.State == state && link.Detail == verdict.Detail)
        {
            return;
        }

        link.State = state;
        link.Detail = verdict.Detail;
        if (state == PeerLinkState.SplitBrain)
        {
            LogSplitBrain(this.logger, this.Name, link.Node, verdict.Detail);
        }
        else
        {
            LogVerdict(this.logger, this.Name, link.Node, verdict.Outcome, verdict.Detail, 0);
        }
    }

    private void AdoptGeneration(PeerLink link, GenerationInfo info, bool resynced)
    {
        lock (this.stateLock)
        {
            this.Meta.Current = info.Current;
            this.Meta.History = [.. info.History];
            if (resynced)
            {
                this.Meta.Disk = DiskState.UpToDate;
                this.Meta.Discard = false;
                link.Meta.Base = 0;
                link.Bitmap.ClearAll();
                link.Bitmap.Save(link.BitmapPath);
                link.State = PeerLinkState.Mirroring;
                foreach (var other in this.links)
                {
                    if (other.State is PeerLinkState.SplitBrain or PeerLinkState.Refused)
                    {
                        other.State = PeerLinkState.Disconnected;
                        other.Detail = null;
                    }
                }
            }

            this.SaveMeta();
        }
    }
}
