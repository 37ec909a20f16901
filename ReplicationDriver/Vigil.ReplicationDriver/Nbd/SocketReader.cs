using System.Net.Sockets;

namespace Vigil.ReplicationDriver.Nbd;

/// <summary>
/// Blocking, buffered reads from a socket (or a TLS stream over one) on a dedicated thread: small headers
/// come out of one receive buffer (several pipelined requests per syscall), large payloads bypass it.
/// </summary>
internal sealed class SocketReader
{
    private readonly Socket? socket;
    private readonly Stream? stream;
    private readonly byte[] buffer;
    private int start;
    private int end;

    public SocketReader(Socket socket, int bufferSize = 256 * 1024)
    {
        this.socket = socket;
        this.buffer = new byte[bufferSize];
    }

    /// <summary>Reads a stream instead: the NBD export's TLS session.</summary>
    public SocketReader(Stream stream, int bufferSize = 256 * 1024)
    {
        this.stream = stream;
        this.buffer = new byte[bufferSize];
    }

    /// <summary>Bytes already received and not yet consumed: when 0, the next read would block.</summary>
    public bool HasBuffered => this.end > this.start;

    /// <summary>Fills <paramref name="target"/> completely; false on a clean end of stream before the first byte.</summary>
    public bool ReadExactly(Span<byte> target)
    {
        var first = true;
        while (!target.IsEmpty)
        {
            var buffered = this.end - this.start;
            if (buffered > 0)
            {
                var n = Math.Min(buffered, target.Length);
                this.buffer.AsSpan(this.start, n).CopyTo(target);
                this.start += n;
                target = target[n..];
                first = false;
                continue;
            }

            int got;
            if (target.Length >= this.buffer.Length / 2)
            {
                got = this.Receive(target); // big payload: straight into the caller's buffer
                if (got > 0)
                {
                    target = target[got..];
                }
            }
            else
            {
                this.start = 0;
                got = this.Receive(this.buffer);
                this.end = Math.Max(got, 0);
            }

            if (got <= 0)
            {
                if (first)
                {
                    return false;
                }

                throw new EndOfStreamException("connection closed in the middle of a message");
            }

            first = false;
        }

        return true;
    }

    private int Receive(Span<byte> target) => this.socket is { } plain ? plain.Receive(target) : this.stream!.Read(target);

    public void Skip(long count)
    {
        Span<byte> scratch = stackalloc byte[4096];
        while (count > 0)
        {
            var n = (int)Math.Min(count, scratch.Length);
            if (!this.ReadExactly(scratch[..n]))
            {
                throw new EndOfStreamException();
            }

            count -= n;
        }
    }
}
