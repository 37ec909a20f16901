using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Vigil.ReplicationDriver.Nbd;

/// <summary>
/// Listens for NBD clients of one device on a Unix socket and/or a TCP port (loopback, or any address
/// when TLS is required: see <see cref="NbdExportOptions"/>), one dedicated thread per connection.
/// Disposing stops accepting and hangs up every connection.
/// </summary>
internal sealed partial class NbdExport : IDisposable
{
    private readonly IBlockDevice device;
    private readonly ILogger logger;
    private readonly List<(Socket Socket, NbdTlsPolicy Tls)> listeners = [];
    private readonly List<Socket> clients = [];
    private readonly CancellationTokenSource stop = new();

    public NbdExport(IBlockDevice device, string? unixSocket, int tcpPort, NbdExportOptions options, ILogger logger)
    {
        this.device = device;
        this.logger = logger;
        if (unixSocket is not null)
        {
            File.Delete(unixSocket);
            var unix = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            unix.Bind(new UnixDomainSocketEndPoint(unixSocket));
            this.listeners.Add((unix, options.PolicyFor(tcp: false)));
        }

        if (tcpPort > 0)
        {
            // Without TLS the export carries no authentication of its own: loopback only (checked at start too).
            var policy = options.PolicyFor(tcp: true);
            if (policy.Level != NbdTlsLevel.Required && !IPAddress.IsLoopback(options.Address))
            {
                throw new InvalidOperationException($"refusing to export {device.Name} on {options.Address} without --nbd-tls require");
            }

            var tcp = new Socket(options.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            tcp.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            tcp.Bind(new IPEndPoint(options.Address, tcpPort));
            this.listeners.Add((tcp, policy));
        }

        foreach (var (listener, tls) in this.listeners)
        {
            listener.Listen(64);
            var thread = new Thread(() => this.AcceptLoop(listener, tls)) { IsBackground = true, Name = $"nbd-accept-{device.Name}" };
            thread.Start();
        }

        LogExporting(this.logger, device.Name, unixSocket ?? "-", options.Address.ToString(), tcpPort, options.Mode.ToString().ToLowerInvariant());
    }

    public void Dispose()
    {
        this.stop.Cancel();
        foreach (var (listener, _) in this.listeners)
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

    private void AcceptLoop(Socket listener, NbdTlsPolicy tls)
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

            if (client.AddressFamily is AddressFamily.InterNetwork or AddressFamily.InterNetworkV6)
            {
                client.NoDelay = true;
            }

            lock (this.clients)
            {
                this.clients.Add(client);
            }

            var connection = new NbdConnection(client, this.device, tls, this.logger, this.stop.Token);
            var thread = new Thread(() =>
            {
                Storage.IoScheduling.EnterCurrentThread();
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

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Exporting {Mirror} over NBD (unix {Unix}, tcp {Address} port {Port}, tls {Tls})")]
    private static partial void LogExporting(ILogger logger, string mirror, string unix, string address, int port, string tls);
}
