using System.Net;
using System.Net.Sockets;
using Vigil.Membership;

namespace Vigil.Heartbeat.CommPaths;

/// <summary>Heartbeats as UDP datagrams, one per peer per interval. Allocation-free send and receive (SocketAddress APIs).</summary>
internal sealed class UdpPath(PathGroup group, byte id, HeartbeatPlan config, FrameSource frames, HeartbeatSink sink)
    : CommPath(group, id, config, frames, sink)
{
    private Socket? _socket;
    private SocketAddress[] _peers = [];

    protected override void Open()
    {
        var local = IPEndPoint.Parse(Group.Local);
        _socket = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        _socket.Bind(local);
        _peers = [.. Group.Peers.Select(p => IPEndPoint.Parse(p.Address).Serialize())];
    }

    protected override void StartReceivers() => Spawn("receive", () =>
    {
        var buffer = new byte[512];
        var from = new SocketAddress(_socket!.AddressFamily);
        while (!Stopping.IsCancellationRequested)
        {
            var n = _socket.ReceiveFrom(buffer, SocketFlags.None, from);
            Sink.Deliver(buffer.AsSpan(0, n), Name);
        }
    });

    protected override void SendToPeers(Span<byte> frame)
    {
        foreach (var peer in _peers)
        {
            try
            {
                _socket!.SendTo(frame, SocketFlags.None, peer);
            }
            catch (SocketException)
            {
                // Unreachable peer (ICMP): it will show as silence on this path.
            }
        }
    }

    protected override void Close() => _socket?.Dispose();
}
