using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace Vigil.Specs.Replication.Support;

/// <summary>
/// A minimal NBD client for specs that need exact control (which write was acknowledged, which flush
/// completed) or raw option negotiation. One request at a time; every call blocks until its reply.
/// </summary>
internal sealed class NbdTestClient : IDisposable
{
    private readonly Socket socket;
    private ulong nextHandle;

    private NbdTestClient(Socket socket) => this.socket = socket;

    public Socket Socket => this.socket;

    public long Size { get; private set; }

    /// <summary>Connects to a Unix socket and completes the fixed newstyle greeting (no option yet).</summary>
    public static NbdTestClient Greet(string unixSocket)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(unixSocket));
        var client = new NbdTestClient(socket);
        var greeting = client.ReadExactly(18);
        Assert.Equal(0x4e42444d41474943UL, BinaryPrimitives.ReadUInt64BigEndian(greeting));
        Assert.Equal(0x49484156454F5054UL, BinaryPrimitives.ReadUInt64BigEndian(greeting.AsSpan(8)));
        client.Send([0, 0, 0, 3]); // FIXED_NEWSTYLE | NO_ZEROES
        return client;
    }

    /// <summary>Connects to a loopback TCP port and completes the fixed newstyle greeting (no option yet).</summary>
    public static NbdTestClient GreetTcp(int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Connect(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, port));
        var client = new NbdTestClient(socket);
        var greeting = client.ReadExactly(18);
        Assert.Equal(0x4e42444d41474943UL, BinaryPrimitives.ReadUInt64BigEndian(greeting));
        client.Send([0, 0, 0, 3]);
        return client;
    }

    /// <summary>Connects and enters transmission with NBD_OPT_GO on <paramref name="export"/>.</summary>
    public static NbdTestClient Open(string unixSocket, string export)
    {
        var client = Greet(unixSocket);
        var name = Encoding.UTF8.GetBytes(export);
        var data = new byte[4 + name.Length + 2];
        BinaryPrimitives.WriteUInt32BigEndian(data, (uint)name.Length);
        name.CopyTo(data, 4);
        while (true)
        {
            var replies = client.Option(7, data);
            var last = replies[^1];
            Assert.True(last.Type == 1, $"GO refused with reply type {last.Type:x}");
            foreach (var (type, payload) in replies)
            {
                if (type == 3 && BinaryPrimitives.ReadUInt16BigEndian(payload) == 0)
                {
                    client.Size = (long)BinaryPrimitives.ReadUInt64BigEndian(payload.AsSpan(2));
                }
            }

            return client;
        }
    }

    /// <summary>Sends one option and reads replies up to the final one (ACK or an error).</summary>
    public List<(uint Type, byte[] Payload)> Option(uint option, byte[] data)
    {
        var header = new byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(header, 0x49484156454F5054UL);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(8), option);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(12), (uint)data.Length);
        this.Send([.. header, .. data]);
        var replies = new List<(uint, byte[])>();
        while (true)
        {
            var reply = this.ReadExactly(20);
            Assert.Equal(0x3e889045565a9UL, BinaryPrimitives.ReadUInt64BigEndian(reply));
            var type = BinaryPrimitives.ReadUInt32BigEndian(reply.AsSpan(12));
            var length = BinaryPrimitives.ReadUInt32BigEndian(reply.AsSpan(16));
            replies.Add((type, this.ReadExactly((int)length)));
            if (type is not 2 and not 3)
            {
                return replies;
            }
        }
    }

    public int Write(long offset, ReadOnlySpan<byte> data, bool fua = false)
    {
        var handle = this.Request(1, fua ? (ushort)1 : (ushort)0, offset, (uint)data.Length, data);
        return this.ReadReply(handle);
    }

    public int Flush() => this.ReadReply(this.Request(3, 0, 0, 0, []));

    public byte[] Read(long offset, int length)
    {
        var handle = this.Request(0, 0, offset, (uint)length, []);
        Assert.Equal(0, this.ReadReply(handle));
        return this.ReadExactly(length);
    }

    public void Disconnect()
    {
        this.Request(2, 0, 0, 0, []);
        this.socket.Shutdown(SocketShutdown.Both);
    }

    public void Dispose() => this.socket.Dispose();

    private ulong Request(ushort type, ushort flags, long offset, uint length, ReadOnlySpan<byte> payload)
    {
        var handle = ++this.nextHandle;
        var buffer = new byte[28 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(buffer, 0x25609513);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(4), flags);
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(6), type);
        BinaryPrimitives.WriteUInt64BigEndian(buffer.AsSpan(8), handle);
        BinaryPrimitives.WriteUInt64BigEndian(buffer.AsSpan(16), (ulong)offset);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(24), length);
        payload.CopyTo(buffer.AsSpan(28));
        this.Send(buffer);
        return handle;
    }

    private int ReadReply(ulong handle)
    {
        var reply = this.ReadExactly(16);
        Assert.Equal(0x67446698U, BinaryPrimitives.ReadUInt32BigEndian(reply));
        Assert.Equal(handle, BinaryPrimitives.ReadUInt64BigEndian(reply.AsSpan(8)));
        return (int)BinaryPrimitives.ReadUInt32BigEndian(reply.AsSpan(4));
    }

    private void Send(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            data = data[this.socket.Send(data)..];
        }
    }

    private byte[] ReadExactly(int count)
    {
        var buffer = new byte[count];
        var got = 0;
        while (got < count)
        {
            var n = this.socket.Receive(buffer.AsSpan(got));
            if (n <= 0)
            {
                throw new EndOfStreamException("server closed the connection");
            }

            got += n;
        }

        return buffer;
    }
}
