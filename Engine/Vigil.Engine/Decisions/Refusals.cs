using Vigil.Engine.Commands;
using Vigil.Engine.Model;
using Vigil.Engine.State;

namespace Vigil.Engine.Decisions;

/// <summary>The refusals several deciders share, worded once (scripts match on the codes).</summary>
internal static class Refusals
{
    public static Decision UnknownResource(string tag) => Decision.Refuse("unknown-resource", $"no resource is tagged '{tag}'");

    public static Decision UnknownNode(string node) => Decision.Refuse("unknown-node", $"node '{node}' is not a member of the cluster");

    public static Decision NotExtended(string tag, string node) => Decision.Refuse("not-extended", $"'{tag}' is not extended to '{node}'");

    /// <summary>
    /// Finds the instance a node report is about (resource, node and instance all known), or the refusal naming the
    /// missing one.
    /// </summary>
    public static Decision? FindInstance(ClusterState state, string tag, string node, out ResourceInfo resource, out NodeInfo nodeInfo, out InstanceInfo instance)
    {
        nodeInfo = null!;
        instance = null!;
        if (!state.Resources.TryGetValue(tag, out resource!))
        {
            return UnknownResource(tag);
        }

        if (!state.Nodes.TryGetValue(node, out nodeInfo!))
        {
            return UnknownNode(node);
        }

        return resource.Instances.TryGetValue(node, out instance!) ? null : NotExtended(tag, node);
    }

    public static Decision Busy(string tag, long operation) => Decision.Refuse("busy", $"'{tag}' is part of operation #{operation}; try again when it ends");

    /// <summary>Refuses while an operation or a kit action is moving any of <paramref name="members"/>.</summary>
    public static Decision? Moving(ClusterState state, IEnumerable<string> members)
    {
        foreach (var tag in members)
        {
            var r = state.Resources[tag];
            if (r.OperationId is { } op)
            {
                return Busy(tag, op);
            }

            if (r.Instances.Values.FirstOrDefault(i => i.State.IsTransient()) is { } moving)
            {
                return Decision.Refuse("busy", $"'{tag}' is {moving.State.Label()} on '{moving.Node}'");
            }
        }

        return null;
    }

    /// <summary>
    /// Refuses an operator's move of an unmanaged hierarchy: one in maintenance, one active on a node in maintenance,
    /// or one to move to a node in maintenance (<paramref name="target"/>).
    /// </summary>
    public static Decision? Unmanaged(ClusterState state, IEnumerable<string> members, string? target)
    {
        var list = members as IReadOnlyCollection<string> ?? [.. members];
        if (state.InMaintenance(list) is { } tag)
        {
            return Decision.Refuse("maintenance", $"'{tag}' is in maintenance (unmanaged), and with it its hierarchy: turn maintenance off first");
        }

        foreach (var node in state.ActiveNodes(list).Append(target))
        {
            if (node is not null && state.Nodes.TryGetValue(node, out var n) && n.Maintenance)
            {
                return Decision.Refuse("node-maintenance", $"node '{node}' is in maintenance: turn its maintenance off first");
            }
        }

        return null;
    }
}
