using System.Buffers;
using System.Net.Sockets;
using System.Text.Json;
using Vigil.ReplicationDriver.Client;
using Vigil.ReplicationDriver.Nbd;

namespace Vigil.ReplicationDriver.Peers;

/// <summary>
/// An authenticated peer socket: frames are sent whole under a send lock (small frames in one syscall,
/// big payloads header-then-data with TCP_NODELAY) and read by one dedicated thread. A send that blocks
/// longer than the send timeout (a peer that stopped reading) fails the link instead of stalling writes.
/// </summary>
internal sealed class PeerConnection : IDisposable
{
    private const int SmallFrame = 64 * 1024;
    private readonly Lock sendLock = new();
    private readonly byte[] sendScratch = new byte[FrameHeader.Size + SmallFrame];
    private int closed;

    /// <summary>Receiving nothing for this long (pings come every second) ends the link, as DRBD's <c>timeout</c>: a pulled cable is noticed only then.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(6);

    public PeerConnection(Socket socket, TimeSpan receiveTimeout)
    {
        this.Socket = socket;
        this.Reader = new SocketReader(socket);
        socket.NoDelay = true;
        socket.SendTimeout = 10_000;
        socket.ReceiveTimeout = (int)receiveTimeout.TotalMilliseconds;
    }

    public Socket Socket { get; }

    public SocketReader Reader { get; }

    public bool IsClosed => Volatile.Read(ref this.closed) != 0;

    public void Send(FrameType type, byte flags, ulong id, long offset, ReadOnlySpan<byte> payload)
    {
        var header = new FrameHeader(type, flags, payload.Length, id, offset);
        lock (this.sendLock)
        {
            if (payload.Length <= SmallFrame)
            {
                header.WriteTo(this.sendScratch);
                payload.CopyTo(this.sendScratch.AsSpan(FrameHeader.Size));
                this.SendAll(this.sendScratch.AsSpan(0, FrameHeader.Size + payload.Length));
            }
            else
            {
                header.WriteTo(this.sendScratch);
                this.SendAll(this.sendScratch.AsSpan(0, FrameHeader.Size));
                this.SendAll(payload);
            }
        }
    }

    /// <summary>Sends pre-built frames (a batch of acks) in one syscall.</summary>
    public void SendRaw(ReadOnlySpan<byte> frames)
    {
        lock (this.sendLock)
        {
            this.SendAll(frames);
        }
    }

    public void SendJson<T>(FrameType type, T value) => this.Send(type, 0, 0, 0, JsonSerializer.SerializeToUtf8Bytes(value, ControlJson.Options));

    /// <summary>Reads one frame; the payload goes to a pooled buffer the caller returns. Null on end of stream.</summary>
    public (FrameHeader Header, byte[]? Payload)? Receive()
    {
        Span<byte> raw = stackalloc byte[FrameHeader.Size];
        if (!this.Reader.ReadExactly(raw))
        {
            return null;
        }

        var header = FrameHeader.Read(raw);
        if (header.Length is < 0 or > NbdProtocol.MaxPayload)
        {
            throw new IOException("bad frame length");
        }

        if (header.Length == 0)
        {
            return (header, null);
        }

        var payload = ArrayPool<byte>.Shared.Rent(header.Length);
        if (!this.Reader.ReadExactly(payload.AsSpan(0, header.Length)))
        {
            ArrayPool<byte>.Shared.Return(payload);
            throw new EndOfStreamException();
        }

        return (header, payload);
    }

    public T ReceiveJson<T>(FrameType expected)
    {
        var frame = this.Receive() ?? throw new EndOfStreamException("peer closed during handshake");
        try
        {
            if (frame.Header.Type != expected || frame.Payload is null)
            {
                throw new IOException($"expected {expected}, got {frame.Header.Type}");
            }

            return JsonSerializer.Deserialize<T>(frame.Payload.AsSpan(0, frame.Header.Length), ControlJson.Options)
                ?? throw new IOException("empty handshake frame");
        }
        finally
        {
            if (frame.Payload is not null)
            {
                ArrayPool<byte>.Shared.Return(frame.Payload);
            }
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref this.closed, 1) == 0)
        {
            try
            {
                this.Socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
            }

            this.Socket.Dispose();
        }
    }

    private void SendAll(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            data = data[this.Socket.Send(data)..];
        }
    }
}
