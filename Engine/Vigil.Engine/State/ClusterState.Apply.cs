using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Engine.StateMachines;
using static Vigil.Engine.Events.InstanceEvents;
using static Vigil.Engine.Events.NodeEvents;
using static Vigil.Engine.Events.OperationEvents;
using static Vigil.Engine.Events.ResourceEvents;

namespace Vigil.Engine.State;

public sealed partial class ClusterState
{
    /// <summary>Projects one decision. Never throws; problems become anomalies.</summary>
    public void Apply(IDecisionEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        AppliedCount++;
        try
        {
            var problem = ApplyCore(e);
            if (problem is not null)
            {
                Anomalies.Add(new ClusterEvents.AnomalyRecorded(SubjectOf(e), problem));
            }
        }
#pragma warning disable CA1031 // Projection must survive any history, however damaged.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Anomalies.Add(new ClusterEvents.AnomalyRecorded(SubjectOf(e), $"{e.GetType().Name} could not be applied: {ex.Message}"));
        }
    }

    private static string SubjectOf(IDecisionEvent e) => EventStreams.For(e);

    private string? ApplyCore(IDecisionEvent e)
    {
        switch (e)
        {
            case NodeAdded x:
                return Nodes.TryAdd(x.Node, new NodeInfo(x.Node)) ? null : $"node {x.Node} already exists";
            case ResourceTypesRegistered x:
                if (!Nodes.TryGetValue(x.Node, out var typed))
                {
                    return $"unknown node {x.Node}";
                }

                typed.Types.Clear();
                foreach (var t in x.Types)
                {
                    typed.Types[t.Name] = t;
                }

                return null;
            case NodeDeclaredDead x:
                return ApplyNodeDead(x.Node);
            case NodeRejoined x:
                if (!Nodes.TryGetValue(x.Node, out var back))
                {
                    return $"unknown node {x.Node}";
                }

                back.Alive = true;
                return null;
            case ResourceCreated x:
                if (Resources.ContainsKey(x.Tag))
                {
                    return $"resource {x.Tag} already exists";
                }

                var created = new ResourceInfo(x.Tag, x.Type, x.Parameters, x.Switchback);
                created.Instances[x.Node] = new InstanceInfo(x.Tag, x.Node, 1);
                Resources[x.Tag] = created;
                return null;
            case ResourceExtended x:
                if (!Resources.TryGetValue(x.Tag, out var ext))
                {
                    return $"unknown resource {x.Tag}";
                }

                return ext.Instances.TryAdd(x.Node, new InstanceInfo(x.Tag, x.Node, x.Priority)) ? null : $"{x.Tag} is already on {x.Node}";
            case ResourceUnextended x:
                return Resources.TryGetValue(x.Tag, out var unext) && unext.Instances.Remove(x.Node) ? null : $"{x.Tag} is not on {x.Node}";
            case ResourceDeleted x:
                if (!Resources.Remove(x.Tag, out var deleted))
                {
                    return $"unknown resource {x.Tag}";
                }

                foreach (var child in deleted.Children)
                {
                    if (Resources.TryGetValue(child, out var c))
                    {
                        c.Parents.Remove(x.Tag);
                    }
                }

                return null;
            case DependencyAdded x:
                if (!Resources.TryGetValue(x.Tag, out var parent) || !Resources.TryGetValue(x.Child, out var ch))
                {
                    return $"unknown resource in dependency {x.Tag} -> {x.Child}";
                }

                parent.Children.Add(x.Child);
                ch.Parents.Add(x.Tag);
                return null;
            case DependencyRemoved x:
                if (Resources.TryGetValue(x.Tag, out var p2))
                {
                    p2.Children.Remove(x.Child);
                }

                if (Resources.TryGetValue(x.Child, out var c2))
                {
                    c2.Parents.Remove(x.Tag);
                }

                return null;
            case SwitchbackSet x:
                if (!Resources.TryGetValue(x.Tag, out var sb))
                {
                    return $"unknown resource {x.Tag}";
                }

                sb.Switchback = x.Mode;
                return null;
            case InstanceTransitioned x:
                return ApplyTransition(x);
            case ActionRequested x:
                LastActionId = Math.Max(LastActionId, x.ActionId);
                PendingActions[x.ActionId] = new PendingAction(x.ActionId, x.Tag, x.Node, x.Action, x.OperationId);
                if (FindInstance(x.Tag, x.Node) is { } acting)
                {
                    acting.PendingActionId = x.ActionId;
                }

                return null;
            case FailureCounted x:
                if (FindInstance(x.Tag, x.Node) is not { } failing)
                {
                    return $"{x.Tag} has no instance on {x.Node}";
                }

                failing.FailureCount = x.Count;
                failing.LastFailureAt = x.At;
                failing.FailuresExpireAt = x.ExpiresAt;
                return null;
            case InstanceReleased x:
                if (FindInstance(x.Tag, x.Node) is not { } released)
                {
                    return $"{x.Tag} has no instance on {x.Node}";
                }

                released.ReleasePending = false;
                return null;
            case FailuresCleared x:
                if (FindInstance(x.Tag, x.Node) is not { } cleared)
                {
                    return $"{x.Tag} has no instance on {x.Node}";
                }

                cleared.FailureCount = 0;
                cleared.LastFailureAt = null;
                cleared.FailuresExpireAt = null;
                return null;
            case MaintenanceSet x:
                if (!Resources.TryGetValue(x.Tag, out var unmanaged))
                {
                    return $"unknown resource {x.Tag}";
                }

                unmanaged.Maintenance = x.On;
                return null;
            case NodeMaintenanceSet x:
                if (!Nodes.TryGetValue(x.Node, out var resting))
                {
                    return $"unknown node {x.Node}";
                }

                resting.Maintenance = x.On;
                return null;
            case OperationStarted x:
                return ApplyOperationStarted(x);
            case OperationCascaded x:
                if (!Operations.TryGetValue(x.OperationId, out var cascading))
                {
                    return $"unknown operation {x.OperationId}";
                }

                // The failed target is cleaned up next, unless the old cleanup node is not clean yet (the target died
                // while it was being cleared): restores only start once it is, so that one must finish first.
                if (cascading.CleanupNode is not { } previous || !ActiveNodes(cascading.Members).Contains(previous))
                {
                    cascading.CleanupNode = x.FailedNode;
                }

                cascading.Target = x.Target;
                cascading.Tried.Add(x.FailedNode);
                if (x.Target is not null)
                {
                    cascading.Tried.Add(x.Target);
                }

                cascading.Reasons.Add(x.Reason);
                return null;
            case OperationCompleted x:
                return EndOperation(x.OperationId);
            case OperationFailed x:
                return EndOperation(x.OperationId);
            case ConfigurationEvents.ConfigurationSeeded or ConfigurationEvents.CommPathAdded or ConfigurationEvents.CommPathDeleted or ConfigurationEvents.NodeJoined:
                return ApplyConfiguration(e);
            case ClusterEvents.AnomalyRecorded x:
                Anomalies.Add(x);
                return null;
            case MirrorEvents.MirrorCopyOutdated or MirrorEvents.MirrorCopyCurrent:
                return ApplyMirror(e);
            default:
                return $"unknown decision {e.GetType().Name}";
        }
    }

    private string? ApplyNodeDead(string node)
    {
        if (!Nodes.TryGetValue(node, out var dead))
        {
            return $"unknown node {node}";
        }

        dead.Alive = false;
        // An OSF instance (a failed check, restore or remove) may still run in part; the active ones are marked as
        // their NodeLost transition is applied, unless unmanaged (they stay in service as recorded).
        foreach (var r in Resources.Values)
        {
            if (r.Instances.TryGetValue(node, out var failed) && failed.State == InstanceState.Osf)
            {
                failed.ReleasePending = true;
            }
        }

        foreach (var action in PendingActions.Values.Where(p => p.Node == node).ToList())
        {
            PendingActions.Remove(action.ActionId);
            if (FindInstance(action.Tag, node) is { } i)
            {
                i.PendingActionId = null;
            }
        }

        return null;
    }

    private string? ApplyTransition(InstanceTransitioned x)
    {
        var instance = FindInstance(x.Tag, x.Node);
        if (instance is null)
        {
            return $"{x.Tag} has no instance on {x.Node}";
        }

        // The lifecycle table configured the machine, so it answers CanFire exactly, without Stateless's per-call
        // handler search (the deciders still ask the machine itself before deciding).
        if (instance.State != x.From || !InstanceLifecycle.TryGetTarget(x.From, x.Trigger, out _))
        {
            return $"{x.Tag} on {x.Node}: {x.Trigger} is impossible from {instance.State.Label()} (the event says {x.From.Label()})";
        }

        instance.Machine.Fire(x.Trigger);
        instance.Reason = x.Reason;
        instance.ReleasePending = x.Trigger switch
        {
            InstanceTrigger.NodeLost => true,
            InstanceTrigger.RemoveSucceeded or InstanceTrigger.Restore => false,
            _ => instance.ReleasePending,
        };
        if (instance.State != x.To)
        {
            return $"{x.Tag} on {x.Node}: {x.Trigger} led to {instance.State.Label()}, the event says {x.To.Label()}";
        }

        // A finished action is no longer pending; the result input that caused this transition named it.
        if (!x.To.IsTransient() && instance.PendingActionId is { } pending)
        {
            PendingActions.Remove(pending);
            instance.PendingActionId = null;
        }

        return null;
    }

    private string? ApplyOperationStarted(OperationStarted x)
    {
        LastOperationId = Math.Max(LastOperationId, x.OperationId);
        var op = new HierarchyOperation(x.OperationId, x.Kind, x.Members, x.From, x.Kind == OperationKind.Remove ? null : x.Target, x.Cause);
        if (x.From is not null)
        {
            op.Tried.Add(x.From);
        }

        if (x.Target is not null)
        {
            op.Tried.Add(x.Target);
        }

        Operations[x.OperationId] = op;
        foreach (var tag in x.Members)
        {
            if (!Resources.TryGetValue(tag, out var r))
            {
                return $"operation {x.OperationId} names unknown resource {tag}";
            }

            r.OperationId = x.OperationId;
        }

        return null;
    }

    private string? EndOperation(long id)
    {
        if (!Operations.Remove(id, out var op))
        {
            return $"unknown operation {id}";
        }

        foreach (var tag in op.Members)
        {
            if (Resources.TryGetValue(tag, out var r) && r.OperationId == id)
            {
                r.OperationId = null;
            }
        }

        return null;
    }
}
