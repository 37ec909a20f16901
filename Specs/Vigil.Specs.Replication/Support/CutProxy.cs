using System.Net;
using System.Net.Sockets;

namespace Vigil.Specs.Replication.Support;

/// <summary>
/// A loopback TCP forwarder standing for the network between two nodes: <see cref="Cut"/> drops every
/// connection and refuses new ones (a partition), <see cref="Heal"/> lets traffic through again.
/// </summary>
internal sealed class CutProxy : IDisposable
{
    private readonly Socket listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly IPEndPoint target;
    private readonly List<Socket> open = [];
    private volatile bool cut;

    public CutProxy(string targetAddress)
    {
        this.target = IPEndPoint.Parse(targetAddress);
        this.listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        this.listener.Listen(16);
        this.Address = this.listener.LocalEndPoint!.ToString()!;
        _ = this.AcceptLoopAsync();
    }

    public string Address { get; }

    public void Cut()
    {
        this.cut = true;
        lock (this.open)
        {
            foreach (var s in this.open)
            {
                s.Dispose();
            }

            this.open.Clear();
        }
    }

    public void Heal() => this.cut = false;

    public void Dispose()
    {
        this.Cut();
        this.listener.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket inbound;
            try
            {
                inbound = await this.listener.AcceptAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            if (this.cut)
            {
                inbound.Dispose();
                continue;
            }

            var outbound = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await outbound.ConnectAsync(this.target);
            }
            catch (SocketException)
            {
                inbound.Dispose();
                outbound.Dispose();
                continue;
            }

            inbound.NoDelay = true;
            lock (this.open)
            {
                this.open.Add(inbound);
                this.open.Add(outbound);
            }

            _ = PumpAsync(inbound, outbound);
            _ = PumpAsync(outbound, inbound);
        }
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[256 * 1024];
        try
        {
            while (true)
            {
                var n = await from.ReceiveAsync(buffer);
                if (n <= 0)
                {
                    break;
                }

                await to.SendAsync(buffer.AsMemory(0, n));
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        finally
        {
            from.Dispose();
            to.Dispose();
        }
    }
}
