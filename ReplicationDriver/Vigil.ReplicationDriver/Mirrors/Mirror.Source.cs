using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Vigil.ReplicationDriver.Client;
using Vigil.ReplicationDriver.Peers;

namespace Vigil.ReplicationDriver.Mirrors;

/// <summary>The primary's side of a link: dial, authenticate, decide, then ship writes and resync dirty chunks.</summary>
internal sealed partial class Mirror
{
    private const int ResyncWindow = 8;

    private async Task DialLoopAsync(PeerLink link, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            if (link.Connection is { } connection)
            {
                TrySend(connection, FrameType.Ping, 0, 0, 0, []);
            }
            else if (!link.Meta.Paused)
            {
                try
                {
                    await Task.Run(() => this.Connect(link, ct), ct);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // Whatever went wrong with this attempt, the loop must live on and retry.
                    LogDialFailed(this.logger, this.Name, link.Node, e.Message);
                }
            }

            try
            {
                // Connected: ping every second. Split brain / refused: retry slowly, the operator has to act.
                var pause = link.Connection is not null ? 1000 : link.State is PeerLinkState.SplitBrain or PeerLinkState.Refused ? 2000 : 250;
                await Task.Delay(TimeSpan.FromMilliseconds(pause), this.context.Time, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Connect(PeerLink link, CancellationToken ct)
    {
        var endpoint = IPEndPoint.Parse(link.Address);
        var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        var connection = new PeerConnection(socket, this.context.LinkTimeout);
        try
        {
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                timeout.CancelAfter(TimeSpan.FromSeconds(3));
                socket.ConnectAsync(endpoint, timeout.Token).AsTask().GetAwaiter().GetResult();
            }

            if (!PeerAuth.Dial(socket, connection.Reader, this.context.Secret))
            {
                throw new IOException($"authentication with {link.Node} failed");
            }

            var local = this.HelloFor(link);
            connection.SendJson(FrameType.Hello, local);
            var remote = connection.ReceiveJson<PeerHello>(FrameType.Hello);
            if (remote.Mirror != this.Name || remote.Node != link.Node || remote.Size != this.Size || remote.ChunkSize != this.Meta.Spec.ChunkSize)
            {
                throw new IOException($"peer at {link.Address} is {remote.Node}/{remote.Mirror}, not {link.Node}/{this.Name} of the same geometry");
            }

            var verdict = GenerationDecision.Decide(local, remote);
            connection.SendJson(FrameType.Verdict, verdict);
            if (!this.StartSourceSession(link, connection, remote, verdict))
            {
                connection.Dispose();
                return;
            }

            var thread = new Thread(() =>
            {
                Storage.IoScheduling.EnterCurrentThread(); // its acknowledgements complete sync writes
                this.SourceReceiveLoop(link, connection);
            })
            { IsBackground = true, Name = $"repd-src-{link.Node}" };
            thread.Start();
            _ = Task.Run(() => this.PumpAsync(link, connection, ct), ct);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private PeerHello HelloFor(PeerLink link)
    {
        lock (this.stateLock)
        {
            return new PeerHello(this.Name, this.context.Node, this.Role, this.Meta.Disk, this.Meta.Current, link.Meta.Base,
                [.. this.Meta.History], this.Meta.Discard, this.Size, this.Meta.Spec.ChunkSize, link.Bitmap.ToBytes());
        }
    }

    private bool StartSourceSession(PeerLink link, PeerConnection connection, PeerHello remote, PeerVerdict verdict)
    {
        lock (this.stateLock)
        {
            if (verdict.Outcome != PeerVerdict.Sync || this.Role != MirrorRole.Primary)
            {
                this.RecordRefusal(link, verdict);
                return false;
            }

            lock (this.writeOrder)
            {
                if (verdict.Full)
                {
                    link.Bitmap.SetAll();
                }
                else
                {
                    link.Bitmap.Merge(remote.Bits);
                }

                link.Connection = connection;
                link.Detail = null;
                link.ResyncDone = 0;
                link.ResyncTotal = link.Bitmap.Count;
                link.UnackedBytes = 0;
                link.ResyncInflight = 0;
                link.NeedDone = true;
                link.State = PeerLinkState.Resyncing;
                link.Receiving = true;
            }

            LogVerdict(this.logger, this.Name, link.Node, verdict.Outcome, verdict.Detail, link.ResyncTotal);
            this.RecomputeWritable();
            return true;
        }
    }

    private async Task PumpAsync(PeerLink link, PeerConnection connection, CancellationToken ct)
    {
        var chunkSize = this.Meta.Spec.ChunkSize;
        var buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
        var window = new SemaphoreSlim(ResyncWindow);
        link.PumpSignal.Release();
        long cursor = 0;
        var throttle = new ResyncThrottle(this.context.Time);
        try
        {
            while (!connection.IsClosed && !ct.IsCancellationRequested)
            {
                var chunk = link.Bitmap.FindNext(cursor);
                if (chunk < 0)
                {
                    if (link.NeedDone && Volatile.Read(ref link.ResyncInflight) == 0)
                    {
                        link.NeedDone = false;
                        var done = JsonSerializer.SerializeToUtf8Bytes(new GenerationInfo(this.Meta.Current, this.Meta.History), ControlJson.Options);
                        TrySend(connection, FrameType.ResyncDone, 0, 0, 0, done);
                    }

                    throttle.Idle();
                    await link.PumpSignal.WaitAsync(TimeSpan.FromMilliseconds(200), ct);
                    continue;
                }

                await window.WaitAsync(ct);
                await throttle.WaitAsync(() => Interlocked.Read(ref this.resyncRate), ct);

                var offset = chunk * chunkSize;
                var length = (int)Math.Min(chunkSize, this.Size - offset);
                lock (this.writeOrder)
                {
                    if (!link.Receiving || connection.IsClosed)
                    {
                        break;
                    }

                    if (!link.Bitmap.Clear(chunk))
                    {
                        window.Release();
                        continue;
                    }

                    this.volume.Read(buffer.AsSpan(0, length), offset);
                    Interlocked.Increment(ref link.ResyncInflight);
                    var id = link.Track(offset, length, new WindowSlot(window).Started(), resync: true);
                    TrySend(connection, FrameType.ResyncData, 0, id, offset, buffer.AsSpan(0, length));
                }

                throttle.Sent(length);
                cursor = chunk + 1;
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void SourceReceiveLoop(PeerLink link, PeerConnection connection)
    {
        try
        {
            while (connection.Receive() is { } frame)
            {
                if (frame.Payload is not null)
                {
                    ArrayPool<byte>.Shared.Return(frame.Payload);
                }

                var header = frame.Header;
                switch (header.Type)
                {
                    case FrameType.WriteAck or FrameType.FlushAck:
                        if (link.Complete(header.Id, out var entry))
                        {
                            if (entry.Completion is null)
                            {
                                if (!entry.Unmetered)
                                {
                                    Interlocked.Add(ref link.UnackedBytes, -entry.Length);
                                }
                            }
                            else
                            {
                                entry.Completion.Release();
                            }
                        }

                        break;
                    case FrameType.ResyncAck:
                        if (link.Complete(header.Id, out var resync))
                        {
                            Interlocked.Increment(ref link.ResyncDone);
                            Interlocked.Increment(ref link.ResyncedTotal);
                            resync.Completion?.Release();
                            if (Interlocked.Decrement(ref link.ResyncInflight) == 0)
                            {
                                link.PumpSignal.Release();
                            }
                        }

                        break;
                    case FrameType.ResyncDoneAck:
                        this.OnResyncComplete(link);
                        break;
                    case FrameType.VerifyReply:
                        this.OnVerifyReply(header);
                        break;
                    default:
                        break; // Pong and anything newer
                }
            }
        }
        catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException)
        {
        }
        finally
        {
            this.OnSourceDisconnected(link, connection);
        }
    }

    private void OnResyncComplete(PeerLink link)
    {
        lock (this.stateLock)
        {
            lock (this.writeOrder)
            {
                link.Meta.Base = 0;
                link.Meta.Outdated = false;
                if (link.Receiving && link.Bitmap.Count == 0)
                {
                    link.State = PeerLinkState.Mirroring;
                }

                this.ReleaseStrandedLocked(link, 0);
            }

            link.Bitmap.Save(link.BitmapPath);
            this.SaveMeta();
            this.RecomputeWritable();
        }

        LogResyncComplete(this.logger, this.Name, link.Node, link.ResyncTotal);
    }

    private void OnSourceDisconnected(PeerLink link, PeerConnection connection)
    {
        connection.Dispose();
        lock (this.stateLock)
        {
            lock (this.writeOrder)
            {
                if (link.Connection != connection)
                {
                    return;
                }

                link.Receiving = false;
                link.Connection = null;
                foreach (var entry in link.DrainInflight())
                {
                    link.Bitmap.SetRange(entry.Offset, entry.Length);
                    if (entry.Completion is null || entry.Resync)
                    {
                        entry.Completion?.Release();
                    }
                    else if (this.IsSync && !link.Meta.Outdated && !link.Meta.Paused && this.Role == MirrorRole.Primary)
                    {
                        link.Stranded.Add(entry.Completion);
                    }
                    else
                    {
                        entry.Completion.Release();
                    }
                }

                link.State = link.Meta.Paused ? PeerLinkState.Paused : link.Meta.Outdated ? PeerLinkState.Outdated : PeerLinkState.Disconnected;
                if (!this.IsSync && this.Role == MirrorRole.Primary)
                {
                    this.StartGenerationWithout(link); // async writes go on without it: a new generation
                }
            }

            link.Bitmap.Save(link.BitmapPath);
            this.RecomputeWritable();
        }

        LogLinkLost(this.logger, this.Name, link.Node);
    }

    /// <summary>Frees a resync window slot when the chunk is acknowledged or the link drops.</summary>
    private sealed class WindowSlot(SemaphoreSlim window) : IoCompletion
    {
        protected override void OnComplete(int errno) => window.Release();

        public WindowSlot Started()
        {
            this.Begin();
            return this;
        }
    }
}
