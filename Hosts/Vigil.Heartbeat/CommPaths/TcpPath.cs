using System.Net;
using System.Net.Sockets;
using Vigil.Membership;

namespace Vigil.Heartbeat.CommPaths;

/// <summary>
/// Heartbeats over one outgoing TCP connection per peer (fixed 64-byte frames, Nagle off). Connections are
/// re-established on the sender thread with a connect timeout of one interval, so a dead peer never delays the
/// beats to the others by more than that.
/// </summary>
internal sealed class TcpPath(PathGroup group, byte id, HeartbeatPlan config, FrameSource frames, HeartbeatSink sink)
    : CommPath(group, id, config, frames, sink)
{
    private readonly List<Socket> _accepted = [];
    private Socket? _listener;
    private (IPEndPoint Peer, Socket? Socket, long RetryAt)[] _out = [];

    protected override void Open()
    {
        var local = IPEndPoint.Parse(Group.Local);
        _listener = new Socket(local.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        _listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Bind(local);
        _listener.Listen(16);
        _out = [.. Group.Peers.Select(p => (IPEndPoint.Parse(p.Address), (Socket?)null, 0L))];
    }

    protected override void StartReceivers() => Spawn("accept", () =>
    {
        while (!Stopping.IsCancellationRequested)
        {
            var connection = _listener!.Accept();
            connection.NoDelay = true;
            lock (_accepted)
            {
                _accepted.Add(connection);
            }

            Spawn("receive", () => Receive(connection));
        }
    });

    protected override void SendToPeers(Span<byte> frame)
    {
        var now = Environment.TickCount64;
        for (var i = 0; i < _out.Length; i++)
        {
            var (peer, socket, retryAt) = _out[i];
            if (socket is null && now >= retryAt)
            {
                socket = TryConnect(peer);
                retryAt = now + (long)Config.Profile.Interval.TotalMilliseconds;
            }

            if (socket is not null)
            {
                try
                {
                    socket.Send(frame);
                }
                catch (SocketException)
                {
                    socket.Dispose();
                    socket = null;
                }
            }

            _out[i] = (peer, socket, retryAt);
        }
    }

    protected override void Close()
    {
        _listener?.Dispose();
        foreach (var (_, socket, _) in _out)
        {
            socket?.Dispose();
        }

        lock (_accepted)
        {
            foreach (var s in _accepted)
            {
                s.Dispose();
            }
        }
    }

    private Socket? TryConnect(IPEndPoint peer)
    {
        var socket = new Socket(peer.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, SendTimeout = (int)Config.Profile.Interval.TotalMilliseconds };
        try
        {
            var pending = socket.ConnectAsync(peer, Stopping).AsTask();
            if (pending.Wait(Config.Profile.Interval))
            {
                return socket;
            }
        }
        catch (AggregateException)
        {
        }

        socket.Dispose();
        return null;
    }

    private void Receive(Socket connection)
    {
        var buffer = new byte[HeartbeatCodec.FrameSize];
        try
        {
            while (!Stopping.IsCancellationRequested)
            {
                var got = 0;
                while (got < buffer.Length)
                {
                    var n = connection.Receive(buffer.AsSpan(got));
                    if (n == 0)
                    {
                        return;
                    }

                    got += n;
                }

                if (Sink.Deliver(buffer, Name) is FrameVerdict.Malformed or FrameVerdict.BadMac)
                {
                    return; // not a peer speaking our protocol with our key: drop the connection
                }
            }
        }
        catch (SocketException)
        {
        }
        finally
        {
            connection.Dispose();
        }
    }
}
