using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Vigil.ReplicationDriver.Nbd;

/// <summary>
/// Listens for NBD clients of one device on a Unix socket and/or a loopback TCP port, one dedicated
/// thread per connection. Disposing stops accepting and hangs up every connection.
/// </summary>
internal sealed partial class NbdExport : IDisposable
{
    private readonly IBlockDevice device;
    private readonly ILogger logger;
    private readonly List<Socket> listeners = [];
    private readonly List<Socket> clients = [];
    private readonly CancellationTokenSource stop = new();

    public NbdExport(IBlockDevice device, string? unixSocket, int tcpPort, ILogger logger)
    {
        this.device = device;
        this.logger = logger;
        if (unixSocket is not null)
        {
            File.Delete(unixSocket);
            var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            unix.Bind(new UnixDomainSocketEndPoint(unixSocket));
            this.listeners.Add(unix);
        }

        if (tcpPort > 0)
        {
            // Loopback only: the export carries no authentication of its own.
            var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            tcp.Bind(new IPEndPoint(IPAddress.Loopback, tcpPort));
            this.listeners.Add(tcp);
        }

        foreach (var listener in this.listeners)
        {
            listener.Listen(64);
            var thread = new Thread(() => this.AcceptLoop(listener)) { IsBackground = true, Name = $"nbd-accept-{device.Name}" };
            thread.Start();
        }

        LogExporting(this.logger, device.Name, unixSocket ?? "-", tcpPort);
    }

    public void Dispose()
    {
        this.stop.Cancel();
        foreach (var listener in this.listeners)
        {
            listener.Dispose();
        }

        lock (this.clients)
        {
            foreach (var client in this.clients)
            {
                try
                {
                    client.Shutdown(SocketShutdown.Both);
                }
                catch (SocketException)
                {
                }
            }
        }
    }

    private void AcceptLoop(Socket listener)
    {
        while (!this.stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            if (client.AddressFamily == AddressFamily.InterNetwork)
            {
                client.NoDelay = true;
            }

            lock (this.clients)
            {
                this.clients.Add(client);
            }

            var connection = new NbdConnection(client, this.device, this.stop.Token);
            var thread = new Thread(() =>
            {
                connection.Run();
                lock (this.clients)
                {
                    this.clients.Remove(client);
                }
            })
            { IsBackground = true, Name = $"nbd-{this.device.Name}" };
            thread.Start();
        }
    }

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Exporting {Mirror} over NBD (unix {Unix}, tcp port {Port})")]
    private static partial void LogExporting(ILogger logger, string mirror, string unix, int port);
}
