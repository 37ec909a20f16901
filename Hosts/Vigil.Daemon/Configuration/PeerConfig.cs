using System.Net;

namespace Vigil.Daemon.Configuration;

/// <summary>A cluster node as the configuration describes it: its id (position in the file) and its comm path endpoints.</summary>
internal sealed record PeerConfig(string Name, ushort Id, IPEndPoint? Udp, IPEndPoint? Tcp, string? Disk);
