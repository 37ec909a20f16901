using System.Collections.Immutable;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Engine.State;

namespace Vigil.Engine.Decisions;

/// <summary>The two ways a hierarchy fails over: away from a dead node, and away from a live node where it failed.</summary>
internal static class Failovers
{
    /// <summary>The hierarchy's instances on the dead <paramref name="node"/> are lost; it comes up on the best candidate.</summary>
    public static void FromDeadNode(DecisionBuilder b, string node, ImmutableArray<string> members, string reason)
    {
        foreach (var tag in members)
        {
            if (b.State.FindInstance(tag, node) is { } i && i.State.IsActive())
            {
                b.Transition(i, InstanceTrigger.NodeLost, reason);
            }
        }

        OperationDriver.Start(b, OperationKind.Failover, members, node, Best(b.State, members, node), reason);
    }

    /// <summary>
    /// A member failed on the live <paramref name="node"/> (recover failed, or too many failures): the rest of the
    /// hierarchy is removed there top-down, then restored bottom-up on the best candidate. A failed remove stops it
    /// there (never restored elsewhere); with no candidate it fails at once, with its reason.
    /// </summary>
    public static void Local(DecisionBuilder b, ImmutableArray<string> members, string node, string cause) =>
        OperationDriver.Start(b, OperationKind.Failover, members, node, Best(b.State, members, node), cause);

    /// <summary>
    /// After maintenance ends: a managed hierarchy that no operation is moving and that is still recorded active on a
    /// dead node (it died while unmanaged) fails over now.
    /// </summary>
    public static void Reevaluate(DecisionBuilder b, ImmutableArray<string> members)
    {
        var state = b.State;
        if (state.InMaintenance(members) is not null || members.Any(t => state.Resources[t].OperationId is not null))
        {
            return;
        }

        foreach (var node in state.ActiveNodes(members))
        {
            if (state.Nodes.TryGetValue(node, out var n) && !n.Alive && !n.Maintenance)
            {
                FromDeadNode(b, node, members, $"node {node} died while {string.Join(", ", members)} was unmanaged");
                return;
            }
        }
    }

    /// <summary>Every hierarchy (connected set of resources), each once, in tag order.</summary>
    public static List<ImmutableArray<string>> Hierarchies(ClusterState state)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<ImmutableArray<string>>();
        foreach (var tag in state.Resources.Keys)
        {
            if (seen.Contains(tag))
            {
                continue;
            }

            var h = state.Hierarchy(tag);
            seen.UnionWith(h);
            result.Add(h);
        }

        return result;
    }

    private static string? Best(ClusterState state, ImmutableArray<string> members, string away) =>
        state.Candidates(members, new SortedSet<string>(StringComparer.Ordinal) { away }).FirstOrDefault();
}
