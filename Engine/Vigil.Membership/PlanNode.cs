using System.Net;

namespace Vigil.Membership;

/// <summary>A node as the heartbeat process sees it: its id in frames, its name, and its comm path endpoints.</summary>
public sealed record PlanNode(ushort Id, string Name, IPEndPoint? Udp, IPEndPoint? Tcp, string? Disk);
