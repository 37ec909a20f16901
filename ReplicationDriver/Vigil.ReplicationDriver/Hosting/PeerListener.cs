using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Vigil.ReplicationDriver.Peers;

namespace Vigil.ReplicationDriver.Hosting;

/// <summary>Accepts peer connections for every mirror of this node; nothing is read before authentication succeeds.</summary>
internal sealed partial class PeerListener(RepdOptions options, MirrorRegistry registry, byte[] secret, ILogger logger) : IDisposable
{
    private readonly Socket socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public void Start()
    {
        this.socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        this.socket.Bind(IPEndPoint.Parse(options.Listen));
        this.socket.Listen(64);
        new Thread(this.AcceptLoop) { IsBackground = true, Name = "repd-peer-accept" }.Start();
    }

    public void Dispose() => this.socket.Dispose();

    private void AcceptLoop()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = this.socket.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            new Thread(() => this.Serve(client)) { IsBackground = true, Name = "repd-peer" }.Start();
        }
    }

    private void Serve(Socket client)
    {
        Storage.IoScheduling.EnterCurrentThread(); // a target's pwrite, fdatasync and acknowledgement of each write
        using var connection = new PeerConnection(client, options.LinkTimeout);
        try
        {
            if (!PeerAuth.Listen(client, connection.Reader, secret))
            {
                LogRefused(logger, client.RemoteEndPoint?.ToString() ?? "?");
                return;
            }

            var hello = connection.ReceiveJson<PeerHello>(FrameType.Hello);
            registry.Find(hello.Mirror)?.ServeIncoming(connection, hello);
        }
        catch (Exception e) when (e is SocketException or IOException or JsonException or ObjectDisposedException)
        {
            LogPeerError(logger, e.Message);
        }
    }

    [LoggerMessage(EventId = 300, Level = LogLevel.Warning, Message = "Refused unauthenticated peer connection from {Remote}")]
    private static partial void LogRefused(ILogger logger, string remote);

    [LoggerMessage(EventId = 301, Level = LogLevel.Debug, Message = "Peer connection ended: {Reason}")]
    private static partial void LogPeerError(ILogger logger, string reason);
}
