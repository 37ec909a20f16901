namespace Vigil.Heartbeat.CommPaths;

/// <summary>The far end of a comm path: the peer, its id (its disk slot and frame sender id) and its address for this path.</summary>
internal sealed record PathPeer(string Name, ushort Id, string Address);
