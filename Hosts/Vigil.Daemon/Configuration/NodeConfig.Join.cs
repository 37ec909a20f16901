using System.Net;

namespace Vigil.Daemon.Configuration;

/// <summary><c>[local] join</c>: this node is new and joins a running cluster (see docs/operations.md, "Adding a node").</summary>
internal sealed partial record NodeConfig
{
    /// <summary>
    /// The control API address of a member of the running cluster this node joins, or null for a node of the
    /// cluster's configuration files. A joining node's file describes itself (its [node] section) and the cluster's
    /// settings; its Raft member waits, without voting, until the leader adds it, and everything else it learns
    /// from the replicated configuration.
    /// </summary>
    public IPEndPoint? Join { get; init; }

    private static IPEndPoint? ReadJoin(SectionReader reader, ConfigSection local) =>
        reader.Optional(local, "join") is null ? null : reader.Endpoint(local, "join");
}
