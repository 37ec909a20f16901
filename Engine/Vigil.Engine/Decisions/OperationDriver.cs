using System.Collections.Immutable;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Engine.State;
using static Vigil.Engine.Events.OperationEvents;

namespace Vigil.Engine.Decisions;

/// <summary>
/// Moves hierarchy operations forward: clear the cleanup node top-down (parents before children), then restore
/// on the target bottom-up (children before parents), independent members in parallel. Pure: reads the state,
/// emits decisions. Safe to call at any time: it only acts on members that are ready.
/// </summary>
internal static class OperationDriver
{
    public static void Start(
        DecisionBuilder b, OperationKind kind, ImmutableArray<string> members, string? cleanupNode, string? target, string cause)
    {
        var exclude = new SortedSet<string>(StringComparer.Ordinal);
        if (cleanupNode is not null)
        {
            exclude.Add(cleanupNode);
        }

        if (target is not null)
        {
            exclude.Add(target);
        }

        var fallbacks = kind is OperationKind.Failover or OperationKind.Switchover or OperationKind.Switchback
            ? [.. b.State.Candidates(members, exclude)]
            : ImmutableArray<string>.Empty;
        var id = b.State.LastOperationId + 1;
        b.Emit(new OperationStarted(id, kind, members, cleanupNode, target, fallbacks, cause));
        if (target is null && kind != OperationKind.Remove)
        {
            b.Emit(new OperationFailed(id, [$"no live node that is extended for {string.Join(", ", members)} and has their kits can take the hierarchy ({cause})"]));
            return;
        }

        Advance(b, b.State.Operations[id]);
    }

    /// <summary>The next live node by priority this operation has not tried, or null.</summary>
    public static string? NextCandidate(ClusterState state, HierarchyOperation op, string failed)
    {
        var exclude = new SortedSet<string>(op.Tried, StringComparer.Ordinal) { failed };
        return op.Kind == OperationKind.Restore ? null : state.Candidates(op.Members, exclude).FirstOrDefault();
    }

    public static void Advance(DecisionBuilder b, HierarchyOperation op)
    {
        var state = b.State;
        // With nowhere left to go a failover ends there: members that failed stay OSF with their reasons (a later
        // move removes them first, see MayRun); only what is still in service is taken down.
        var failedStay = op.Target is null && op.Kind != OperationKind.Remove;
        if (op.CleanupNode is { } source && !Cleanup(b, op, source, failedStay))
        {
            return;
        }

        if (op.Target is not { } target)
        {
            if (op.Kind == OperationKind.Remove)
            {
                b.Emit(new OperationCompleted(op.Id, op.CleanupNode ?? string.Empty));
            }
            else
            {
                b.Emit(new OperationFailed(op.Id, [.. op.Reasons, "every node extended with this hierarchy was tried"]));
            }

            return;
        }

        var allUp = true;
        foreach (var tag in op.Members)
        {
            var instance = state.FindInstance(tag, target);
            if (instance is null)
            {
                b.Emit(new OperationFailed(op.Id, [.. op.Reasons, $"{tag} is not extended to {target}"]));
                return;
            }

            if (instance.State.IsInService())
            {
                continue;
            }

            allUp = false;
            if (instance.State is InstanceState.Osu or InstanceState.Osf && ChildrenUp(state, op, tag, target))
            {
                b.Transition(instance, InstanceTrigger.Restore, op.Label);
                b.RequestAction(instance, KitAction.Restore, op.Id);
            }
        }

        if (allUp)
        {
            b.Emit(new OperationCompleted(op.Id, target));
        }
    }

    /// <summary>
    /// Removes members on <paramref name="node"/> top-down; true once none may still run there (none is in service
    /// there when <paramref name="failedStay"/>: failed members are then left OSF).
    /// </summary>
    private static bool Cleanup(DecisionBuilder b, HierarchyOperation op, string node, bool failedStay)
    {
        var state = b.State;
        var done = true;
        foreach (var tag in op.Members)
        {
            var instance = state.FindInstance(tag, node);
            if (instance is null || !MayRun(state, instance) || (failedStay && instance.State == InstanceState.Osf))
            {
                continue;
            }

            done = false;
            if ((instance.State.IsInService() || instance.State == InstanceState.Osf) && !AnyParentActive(state, op, tag, node, failedStay))
            {
                b.Transition(instance, InstanceTrigger.Remove, op.Label);
                b.RequestAction(instance, KitAction.Remove, op.Id);
            }
        }

        return done;
    }

    private static bool AnyParentActive(ClusterState state, HierarchyOperation op, string tag, string node, bool failedStay)
    {
        foreach (var parent in state.Resources[tag].Parents)
        {
            if (op.Members.Contains(parent) && state.FindInstance(parent, node) is { } p && MayRun(state, p)
                && !(failedStay && p.State == InstanceState.Osf))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Active, or OSF on a live node: a failed check, recover or restore is no proof that nothing runs there (a
    /// mirror whose check failed is still primary), so it is removed before the hierarchy comes up elsewhere. OSF on
    /// a dead node (fenced, or its lease expired) runs nothing.
    /// </summary>
    private static bool MayRun(ClusterState state, InstanceInfo instance) =>
        instance.State.IsActive()
        || (instance.State == InstanceState.Osf && state.Nodes.TryGetValue(instance.Node, out var n) && n.Alive);

    private static bool ChildrenUp(ClusterState state, HierarchyOperation op, string tag, string node)
    {
        foreach (var child in state.Resources[tag].Children)
        {
            if (op.Members.Contains(child) && state.FindInstance(child, node)?.State.IsInService() != true)
            {
                return false;
            }
        }

        return true;
    }
}
