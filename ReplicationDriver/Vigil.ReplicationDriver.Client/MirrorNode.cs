namespace Vigil.ReplicationDriver.Client;

/// <summary>One node that holds a copy of a mirror, and the peer address of its vigil-repd.</summary>
/// <param name="Name">The node name (the <c>--node</c> of its vigil-repd).</param>
/// <param name="Address">Its peer endpoint, <c>host:port</c>.</param>
public sealed record MirrorNode(string Name, string Address);
