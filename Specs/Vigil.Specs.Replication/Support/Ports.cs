using System.Net;
using System.Net.Sockets;

namespace Vigil.Specs.Replication.Support;

/// <summary>Free loopback TCP ports (bind to 0, read, release).</summary>
internal static class Ports
{
    public static int Free()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
