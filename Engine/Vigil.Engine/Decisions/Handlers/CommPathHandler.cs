using System.Net;
using Mediator;
using Vigil.Engine.Commands;
using Vigil.Engine.Model;
using Vigil.Engine.State;
using static Vigil.Engine.Commands.ClusterConfigurationCommands;
using static Vigil.Engine.Events.ConfigurationEvents;

namespace Vigil.Engine.Decisions.Handlers;

/// <summary>
/// Decides changes to the replicated comm paths. Every accepted change makes a new configuration version; refusals
/// name the field and value (the CLI shows them as they are).
/// </summary>
internal sealed class CommPathHandler(EngineContext context)
    : ICommandHandler<SeedConfiguration, Decision>, ICommandHandler<AddCommPath, Decision>, ICommandHandler<DeleteCommPath, Decision>,
      ICommandHandler<ReportCommPathsApplied, Decision>
{
    public ValueTask<Decision> Handle(SeedConfiguration command, CancellationToken cancellationToken)
    {
        var state = context.State;
        if (state.ConfigurationKnown)
        {
            return new(Decision.Refuse("already-seeded", $"the cluster configuration is already known (version {state.ConfigVersion})"));
        }

        foreach (var p in command.Paths)
        {
            if (Problem(state, p, seeding: true) is { } bad)
            {
                return new(bad);
            }
        }

        var b = new DecisionBuilder(state);
        b.Emit(new ConfigurationSeeded(command.ConfigVersion, [.. command.Paths.Select(p => p.Normalized())]));
        return new(b.Build());
    }

    public ValueTask<Decision> Handle(AddCommPath command, CancellationToken cancellationToken)
    {
        var state = context.State;
        if (!state.ConfigurationKnown)
        {
            return new(NotReady());
        }

        // Checked in the operator's order first, so the error names the field they typed.
        var path = new CommPathSpec(command.Type, command.NodeA, command.AddressA, command.NodeB, command.AddressB);
        if (Problem(state, path, seeding: false) is { } bad)
        {
            return new(bad);
        }

        path = path.Normalized();
        if (state.CommPaths.ContainsKey(path.Key))
        {
            return new(Decision.Refuse("duplicate-path",
                $"type: nodes '{path.NodeA}' and '{path.NodeB}' already have a '{path.Type}' comm path ({state.CommPaths[path.Key]}); delete it first to change its addresses"));
        }

        var b = new DecisionBuilder(state);
        b.Emit(new CommPathAdded(path, state.ConfigVersion + 1));
        return new(b.Build());
    }

    public ValueTask<Decision> Handle(DeleteCommPath command, CancellationToken cancellationToken)
    {
        var state = context.State;
        if (!state.ConfigurationKnown)
        {
            return new(NotReady());
        }

        foreach (var (field, node) in new[] { ("node-a", command.NodeA), ("node-b", command.NodeB) })
        {
            if (!state.Nodes.ContainsKey(node))
            {
                return new(Decision.Refuse("unknown-node", $"{field}: '{node}' is not a member of the cluster"));
            }
        }

        var key = CommPathSpec.KeyOf(command.NodeA, command.NodeB, command.Type);
        if (!state.CommPaths.TryGetValue(key, out var path))
        {
            return new(Decision.Refuse("unknown-path", $"type: nodes '{command.NodeA}' and '{command.NodeB}' have no '{command.Type}' comm path"));
        }

        if (state.CommPaths.Values.Count(p => p.Involves(path.NodeA) && p.Involves(path.NodeB)) == 1)
        {
            return new(Decision.Refuse("last-path",
                $"type: '{path.Type}' is the last comm path between '{path.NodeA}' and '{path.NodeB}'; add another before deleting it (without a path they would see each other dead)"));
        }

        var b = new DecisionBuilder(state);
        b.Emit(new CommPathDeleted(path, state.ConfigVersion + 1));
        return new(b.Build());
    }

    public ValueTask<Decision> Handle(ReportCommPathsApplied command, CancellationToken cancellationToken) => new(Decision.None);

    private static Decision NotReady() =>
        Decision.Refuse("not-ready", "the cluster configuration is not seeded yet (the leader does so once every node is added): try again");

    /// <summary>What is wrong with <paramref name="path"/>'s nodes, type or addresses, naming the field and value.</summary>
    private static Decision? Problem(ClusterState state, CommPathSpec path, bool seeding)
    {
        foreach (var (field, node) in new[] { ("node-a", path.NodeA), ("node-b", path.NodeB) })
        {
            if (!state.Nodes.ContainsKey(node))
            {
                return Decision.Refuse("unknown-node", $"{field}: '{node}' is not a member of the cluster ({string.Join(", ", state.Nodes.Keys)})");
            }
        }

        if (path.NodeA == path.NodeB)
        {
            return Decision.Refuse("invalid-path", $"node-b: '{path.NodeB}' is node-a too; a comm path joins two different nodes");
        }

        if (!CommPathSpec.Types.Contains(path.Type))
        {
            return Decision.Refuse("invalid-path", $"type: '{path.Type}' is not a comm path type ({string.Join(", ", CommPathSpec.Types)})");
        }

        foreach (var (node, address) in new[] { (path.NodeA, path.AddressA), (path.NodeB, path.AddressB) })
        {
            var valid = path.Type == "disk"
                ? address.StartsWith('/')
                : IPEndPoint.TryParse(address, out var ep) && ep.Port != 0 && address.Contains(':', StringComparison.Ordinal);
            if (!valid)
            {
                return Decision.Refuse("invalid-address", path.Type == "disk"
                    ? $"addresses: '{address}' (for {node}) is not an absolute path to the shared disk region"
                    : $"addresses: '{address}' (for {node}) is not an address:port");
            }

            // One endpoint belongs to one node: another node listening there would get this node's beats.
            var taken = seeding ? null : state.CommPaths.Values.FirstOrDefault(p => p.Type == path.Type && p.Type != "disk"
                && ((p.AddressA == address && p.NodeA != node) || (p.AddressB == address && p.NodeB != node)));
            if (taken is not null)
            {
                return Decision.Refuse("address-in-use", $"addresses: '{address}' is already used by another node's {taken.Type} path ({taken})");
            }
        }

        return null;
    }
}
