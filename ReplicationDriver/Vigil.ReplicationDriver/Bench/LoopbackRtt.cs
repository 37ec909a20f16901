using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Vigil.ReplicationDriver.Bench;

/// <summary>Median TCP round trip on loopback with TCP_NODELAY (one byte each way, blocking sockets, two threads).</summary>
internal static class LoopbackRtt
{
    public static double MedianMicroseconds(int rounds = 20000)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        client.Connect(listener.LocalEndPoint!);
        using var server = listener.Accept();
        server.NoDelay = true;
        var echo = new Thread(() =>
        {
            var b = new byte[1];
            while (server.Receive(b) == 1)
            {
                server.Send(b);
            }
        })
        { IsBackground = true };
        echo.Start();
        var samples = new double[rounds];
        var one = new byte[1];
        for (var i = 0; i < rounds; i++)
        {
            var start = Stopwatch.GetTimestamp();
            client.Send(one);
            client.Receive(one);
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        client.Shutdown(SocketShutdown.Both);
        Array.Sort(samples);
        return samples[rounds / 2];
    }
}
