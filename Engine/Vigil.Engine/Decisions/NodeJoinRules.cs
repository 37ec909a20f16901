using System.Collections.Immutable;
using System.Net;
using Vigil.Engine.Commands;
using Vigil.Engine.Model;
using Vigil.Engine.State;

namespace Vigil.Engine.Decisions;

/// <summary>
/// Whether a node may join, and the comm paths it gets. Shared by the engine (which decides) and the leader's control
/// API, which checks before it asks Raft to add a voter: a voter that the engine would then refuse must not exist.
/// Every refusal names the field and the value.
/// </summary>
public static class NodeJoinRules
{
    /// <summary>Why <paramref name="node"/> cannot join the cluster of <paramref name="state"/>, or null.</summary>
    public static EngineError? Check(ClusterState state, NodeSpec node, IReadOnlyCollection<NodeSpec> members)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(members);
        if (!state.ConfigurationKnown)
        {
            return new("not-ready", "the cluster configuration is not seeded yet (the leader does so once every node is added): try again");
        }

        if (Names.Problem("node", node.Name) is { } badName)
        {
            return new("invalid-name", $"name: {badName}");
        }

        if (state.Nodes.ContainsKey(node.Name) || members.Any(m => m.Name == node.Name))
        {
            return new("duplicate-node", $"name: '{node.Name}' is already a member of the cluster ({string.Join(", ", state.Nodes.Keys)})");
        }

        foreach (var (field, address) in node.Endpoints())
        {
            if (!IPEndPoint.TryParse(address, out var ep) || ep.Port == 0 || !address.Contains(':', StringComparison.Ordinal))
            {
                return new("invalid-address", $"{field}: '{address}' is not an address:port");
            }

            foreach (var member in members)
            {
                if (member.Endpoints().FirstOrDefault(e => e.Address == address) is { Field: not null } taken)
                {
                    return new("address-in-use", $"{field}: '{address}' is already {member.Name}'s {taken.Field} address");
                }
            }

            if (state.CommPaths.Values.FirstOrDefault(p => p.Type != "disk" && (p.AddressA == address || p.AddressB == address)) is { } path)
            {
                return new("address-in-use", $"{field}: '{address}' is already used by the {path.Type} path {path}");
            }
        }

        if (node.Disk is { } disk && !disk.StartsWith('/'))
        {
            return new("invalid-address", $"disk: '{disk}' is not an absolute path to the shared disk region");
        }

        if (node.Id is < 0 or > ushort.MaxValue)
        {
            return new("invalid-id", $"id: {node.Id} is not a heartbeat id (0–65535)");
        }

        if (members.FirstOrDefault(m => m.Id == node.Id) is { } owner)
        {
            return new("duplicate-id", $"id: {node.Id} is already {owner.Name}'s heartbeat id");
        }

        if (PathsFor(state, node, members).IsEmpty)
        {
            return new("no-path", $"udp, tcp, disk: node '{node.Name}' shares no comm path type with the cluster's nodes (it would be DEAD to all of them)");
        }

        return null;
    }

    /// <summary>
    /// A path of every type the node runs to every node that runs it too, each end at the address that node already
    /// uses for that type (its committed paths first, else its description).
    /// </summary>
    public static ImmutableArray<CommPathSpec> PathsFor(ClusterState state, NodeSpec node, IReadOnlyCollection<NodeSpec> members)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(node);
        var paths = ImmutableArray.CreateBuilder<CommPathSpec>();
        foreach (var other in state.Nodes.Keys.Where(n => n != node.Name))
        {
            foreach (var type in CommPathSpec.Types)
            {
                var mine = node.AddressOf(type);
                var theirs = state.CommPaths.Values.FirstOrDefault(p => p.Type == type && p.Involves(other))?.AddressOf(other)
                    ?? members.FirstOrDefault(m => m.Name == other)?.AddressOf(type);
                if (mine is not null && theirs is not null)
                {
                    paths.Add(new CommPathSpec(type, other, theirs, node.Name, mine).Normalized());
                }
            }
        }

        return paths.ToImmutable();
    }
}
