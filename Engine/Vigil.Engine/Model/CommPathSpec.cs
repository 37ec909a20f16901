using System.Text.Json.Serialization;

namespace Vigil.Engine.Model;

/// <summary>
/// One comm path of the replicated cluster configuration: a heartbeat link of <paramref name="Type"/> (udp, tcp or
/// disk) between two nodes, with the address each end uses (address:port for udp and tcp, the node's view of the
/// shared region for disk). Normalised so <paramref name="NodeA"/> sorts before <paramref name="NodeB"/> (ordinal):
/// a pair has at most one path of each type, so (pair, type) names it.
/// </summary>
public sealed record CommPathSpec(string Type, string NodeA, string AddressA, string NodeB, string AddressB)
{
    /// <summary>The comm path types, in the order a node starts them.</summary>
    public static readonly IReadOnlyList<string> Types = ["udp", "tcp", "disk"];

    /// <summary>The key of the path in <see cref="State.ClusterState.CommPaths"/>: <c>A|B|type</c>.</summary>
    [JsonIgnore]
    public string Key => KeyOf(NodeA, NodeB, Type);

    public static string KeyOf(string nodeA, string nodeB, string type) =>
        string.CompareOrdinal(nodeA, nodeB) <= 0 ? $"{nodeA}|{nodeB}|{type}" : $"{nodeB}|{nodeA}|{type}";

    /// <summary>The same path with its ends in canonical order.</summary>
    public CommPathSpec Normalized() =>
        string.CompareOrdinal(NodeA, NodeB) <= 0 ? this : new CommPathSpec(Type, NodeB, AddressB, NodeA, AddressA);

    public bool Involves(string node) => NodeA == node || NodeB == node;

    /// <summary>The other end of the path, seen from <paramref name="node"/>.</summary>
    public string PeerOf(string node) => NodeA == node ? NodeB : NodeA;

    public string AddressOf(string node) => NodeA == node ? AddressA : AddressB;

    public override string ToString() => $"{Type} {NodeA} ({AddressA}) <-> {NodeB} ({AddressB})";
}
