using System.Collections.Immutable;
using Vigil.Engine.Model;
using Vigil.Journal;

namespace Vigil.Engine.Commands;

/// <summary>
/// Inputs that change the replicated cluster configuration (comm paths and the configuration version). Each
/// accepted change increments the version that every heartbeat carries, so a node that missed it is refused.
/// </summary>
public static class ClusterConfigurationCommands
{
    /// <summary>Adds a comm path between <paramref name="NodeA"/> and <paramref name="NodeB"/> (admin role).</summary>
    [EventType("command.add-comm-path.v1")]
    public sealed record AddCommPath(string NodeA, string NodeB, string Type, string AddressA, string AddressB) : IEngineInput;

    /// <summary>Deletes the comm path of <paramref name="Type"/> between two nodes; never the last one of the pair (admin role).</summary>
    [EventType("command.delete-comm-path.v1")]
    public sealed record DeleteCommPath(string NodeA, string NodeB, string Type) : IEngineInput;

    /// <summary>
    /// The leader's first proposal once the cluster's nodes are added: the comm paths and version every node's
    /// configuration file starts with. Accepted once; from then on the replicated set is authoritative.
    /// </summary>
    [EventType("input.seed-configuration.v1")]
    public sealed record SeedConfiguration(long ConfigVersion, ImmutableArray<CommPathSpec> Paths) : IEngineInput;

    /// <summary>
    /// Adds <paramref name="Node"/> to the cluster (admin role, proposed by the leader once Raft has added it as a
    /// voter): it becomes a member with comm paths to every node for each path type both run. <paramref name="Members"/>
    /// is the leader's description of the current nodes, recorded so that a node that joins later knows everyone's
    /// endpoints although they came from configuration files.
    /// </summary>
    [EventType("command.join-node.v1")]
    public sealed record JoinNode(NodeSpec Node, ImmutableArray<NodeSpec> Members) : IEngineInput;

    /// <summary>A node reports that its running comm paths now match configuration <paramref name="ConfigVersion"/> (audit only).</summary>
    [EventType("input.comm-paths-applied.v1")]
    public sealed record ReportCommPathsApplied(string Node, long ConfigVersion, ImmutableArray<string> Started, ImmutableArray<string> Stopped) : ILocalObservation;
}
