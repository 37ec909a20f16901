using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using Vigil.ReplicationDriver.Mirrors;

namespace Vigil.ReplicationDriver.Nbd;

/// <summary>
/// One client connection in transmission phase. A dedicated thread reads pipelined requests and
/// performs READ and WRITE inline (pread/pwrite on page cache are cheaper than a thread hop); WRITE
/// completions and FLUSH finish on whichever thread releases the last party (a peer ack, the
/// fdatasync worker), which sends the reply under the send lock. Payload buffers come from the shared
/// ArrayPool and reply objects from a per-connection pool: no allocation per I/O in steady state.
/// Bytes go through an <see cref="NbdChannel"/>: the socket itself, or the TLS session after STARTTLS.
/// </summary>
internal sealed partial class NbdConnection
{
    private readonly NbdChannel channel;
    private readonly NbdTlsPolicy tls;
    private readonly ILogger logger;
    private readonly IBlockDevice device;
    private readonly CancellationToken stopping;
    private readonly Lock sendLock = new();
    private readonly Stack<Reply> pool = new();
    private readonly Lock poolLock = new();
    private readonly CountdownEvent inFlight = new(1);

    /// <summary>READ/WRITE payloads from this size run on a pool thread, so receiving overlaps the copy.</summary>
    private const int OffloadThreshold = 128 * 1024;

    public NbdConnection(Socket socket, IBlockDevice device, NbdTlsPolicy tls, ILogger logger, CancellationToken stopping)
    {
        this.channel = new NbdChannel(socket);
        this.tls = tls;
        this.logger = logger;
        this.device = device;
        this.stopping = stopping;
    }

    public void Run()
    {
        try
        {
            if (NbdHandshake.Run(this.channel, this.device, this.tls))
            {
                this.Transmit(this.channel.Reader);
            }
        }
        catch (AuthenticationException e)
        {
            LogTlsRefused(this.logger, this.device.Name, this.channel.Remote, e.InnerException?.Message ?? e.Message);
        }
        catch (Exception e) when (e is SocketException or EndOfStreamException or ObjectDisposedException or IOException)
        {
            // client went away: nothing to answer
        }
        finally
        {
            this.inFlight.Signal();
            this.inFlight.Wait(TimeSpan.FromSeconds(30)); // let pending completions send their replies first
            this.channel.Dispose();
        }
    }

    private void Transmit(SocketReader reader)
    {
        Span<byte> header = stackalloc byte[NbdProtocol.RequestSize];
        while (!this.stopping.IsCancellationRequested && reader.ReadExactly(header))
        {
            if (BinaryPrimitives.ReadUInt32BigEndian(header) != NbdProtocol.RequestMagic)
            {
                return; // protocol violation: hang up
            }

            var flags = BinaryPrimitives.ReadUInt16BigEndian(header[4..]);
            var type = BinaryPrimitives.ReadUInt16BigEndian(header[6..]);
            var handle = BinaryPrimitives.ReadUInt64BigEndian(header[8..]);
            var offset = BinaryPrimitives.ReadUInt64BigEndian(header[16..]);
            var length = BinaryPrimitives.ReadUInt32BigEndian(header[24..]);
            var inRange = offset <= (ulong)this.device.Size && length <= (ulong)this.device.Size - offset;
            switch (type)
            {
                case NbdProtocol.CmdRead:
                    this.DoRead(handle, (long)offset, length, inRange);
                    break;
                case NbdProtocol.CmdWrite:
                    if (!this.DoWrite(reader, handle, (long)offset, length, inRange, (flags & NbdProtocol.CmdFlagFua) != 0))
                    {
                        return;
                    }

                    break;
                case NbdProtocol.CmdFlush:
                    {
                        var reply = this.Rent(handle);
                        this.device.Flush(reply);
                        reply.Release();
                        break;
                    }

                case NbdProtocol.CmdTrim:
                    this.DoTrim(handle, (long)offset, length, inRange, (flags & NbdProtocol.CmdFlagFua) != 0);
                    break;
                case NbdProtocol.CmdDisc:
                    return;
                default:
                    this.SendReply(handle, NbdProtocol.EInval);
                    break;
            }
        }
    }

    private void DoRead(ulong handle, long offset, uint length, bool inRange)
    {
        if (!inRange || length > NbdProtocol.MaxPayload)
        {
            this.SendReply(handle, NbdProtocol.EInval);
            return;
        }

        if (length >= OffloadThreshold)
        {
            // Large: pread + send on a pool thread while this one reads the next request (nbdkit overlaps
            // the same way with its worker threads).
            var reply = this.Rent(handle);
            reply.Prepare(isRead: true, null, offset, (int)length, fua: false);
            ThreadPool.UnsafeQueueUserWorkItem(reply, preferLocal: false);
            return;
        }

        this.ReadAndSend(handle, offset, length);
    }

    private void ReadAndSend(ulong handle, long offset, uint length)
    {
        var total = NbdProtocol.SimpleReplySize + (int)length;
        var buffer = ArrayPool<byte>.Shared.Rent(total);
        try
        {
            var error = 0;
            try
            {
                this.device.Read(buffer.AsSpan(NbdProtocol.SimpleReplySize, (int)length), offset);
            }
            catch (IOException)
            {
                error = NbdProtocol.EIo;
            }

            WriteReplyHeader(buffer, handle, error);
            lock (this.sendLock)
            {
                // A simple reply carries no payload after an error: the header alone.
                this.channel.Send(buffer.AsSpan(0, error == 0 ? total : NbdProtocol.SimpleReplySize));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private bool DoWrite(SocketReader reader, ulong handle, long offset, uint length, bool inRange, bool fua)
    {
        if (length > NbdProtocol.MaxPayload)
        {
            return false; // cannot even skip it safely
        }

        byte[]? buffer = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            var data = buffer.AsSpan(0, (int)length);
            if (!reader.ReadExactly(data))
            {
                return false;
            }

            if (!inRange)
            {
                this.SendReply(handle, NbdProtocol.ENoSpc);
                return true;
            }

            if (length >= OffloadThreshold)
            {
                var offloaded = this.Rent(handle);
                offloaded.Prepare(isRead: false, buffer, offset, (int)length, fua);
                buffer = null; // the pool thread returns it
                ThreadPool.UnsafeQueueUserWorkItem(offloaded, preferLocal: false);
                return true;
            }

            if (!this.device.WaitWritable(this.stopping))
            {
                this.SendReply(handle, NbdProtocol.EShutdown);
                return true;
            }

            var reply = this.Rent(handle);
            try
            {
                this.device.Write(offset, data, fua, reply);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                reply.Release(NbdProtocol.EIo);
                return true;
            }

            reply.Release();
            return true;
        }
        finally
        {
            if (buffer is not null)
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>Replicated like a write (every copy punches the same hole), so copies stay byte-identical.</summary>
    private void DoTrim(ulong handle, long offset, uint length, bool inRange, bool fua)
    {
        if (!inRange)
        {
            this.SendReply(handle, NbdProtocol.EInval);
            return;
        }

        if (!this.device.WaitWritable(this.stopping))
        {
            this.SendReply(handle, NbdProtocol.EShutdown);
            return;
        }

        var reply = this.Rent(handle);
        try
        {
            this.device.Trim(offset, length, fua, reply);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            reply.Release(NbdProtocol.EIo);
            return;
        }

        reply.Release();
    }

    private Reply Rent(ulong handle)
    {
        Reply? reply;
        lock (this.poolLock)
        {
            this.pool.TryPop(out reply);
        }

        reply ??= new Reply(this);
        reply.Handle = handle;
        reply.ReplySent = false;
        this.inFlight.AddCount();
        reply.Begin();
        return reply;
    }

    private void Complete(Reply reply, int errno)
    {
        var handle = reply.Handle;
        var sent = reply.ReplySent;
        lock (this.poolLock)
        {
            this.pool.Push(reply);
        }

        try
        {
            if (!sent)
            {
                this.SendReply(handle, errno);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // the client left; the data is written all the same
        }
        finally
        {
            this.inFlight.Signal();
        }
    }

    private void SendReply(ulong handle, int errno)
    {
        Span<byte> header = stackalloc byte[NbdProtocol.SimpleReplySize];
        WriteReplyHeader(header, handle, errno);
        lock (this.sendLock)
        {
            this.channel.Send(header);
        }
    }

    private static void WriteReplyHeader(Span<byte> header, ulong handle, int errno)
    {
        BinaryPrimitives.WriteUInt32BigEndian(header, NbdProtocol.SimpleReplyMagic);
        BinaryPrimitives.WriteUInt32BigEndian(header[4..], (uint)errno);
        BinaryPrimitives.WriteUInt64BigEndian(header[8..], handle);
    }

    [LoggerMessage(EventId = 110, Level = LogLevel.Warning, Message = "NBD client {Remote} of {Mirror} refused: TLS handshake failed ({Reason})")]
    private static partial void LogTlsRefused(ILogger logger, string mirror, string remote, string reason);

    /// <summary>A pooled request in flight; for offloaded requests it is also the thread-pool work item.</summary>
    private sealed class Reply(NbdConnection owner) : IoCompletion, IThreadPoolWorkItem
    {
        private byte[]? buffer;
        private long offset;
        private int length;
        private bool isRead;
        private bool fua;

        public ulong Handle { get; set; }

        public bool ReplySent { get; set; }

        public void Prepare(bool isRead, byte[]? buffer, long offset, int length, bool fua)
        {
            (this.isRead, this.buffer, this.offset, this.length, this.fua) = (isRead, buffer, offset, length, fua);
        }

        public void Execute()
        {
            if (this.isRead)
            {
                try
                {
                    owner.ReadAndSend(this.Handle, this.offset, (uint)this.length);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException)
                {
                }

                this.ReplySent = true;
                this.Release();
                return;
            }

            var data = this.buffer!;
            this.buffer = null;
            try
            {
                if (!owner.device.WaitWritable(owner.stopping))
                {
                    this.Release(NbdProtocol.EShutdown);
                    return;
                }

                owner.device.Write(this.offset, data.AsSpan(0, this.length), this.fua, this);
                this.Release();
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException)
            {
                this.Release(NbdProtocol.EIo); // the mirror is closing: nothing was written
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(data);
            }
        }

        protected override void OnComplete(int errno) => owner.Complete(this, errno);
    }
}
