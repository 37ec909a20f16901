namespace Vigil.Cli.Lab;

/// <summary>One lab node as recorded in <c>lab.json</c>.</summary>
/// <param name="Subnet2">In namespace mode: the node's public interfaces are on the routed second subnet.</param>
/// <param name="Witness">A tie-breaking voter that holds no resources.</param>
/// <param name="ApiPort">The node's control API port (0 in labs made before the API).</param>
internal sealed record LabNode(string Name, int UdpPort, int TcpPort, int RaftPort, bool Subnet2 = false, bool Witness = false, int ApiPort = 0)
{
    public int? Pid { get; set; }

    /// <summary>Where the node's proposal relay listens (followers send the leader their reports there).</summary>
    public int RelayPort { get; init; }
}
