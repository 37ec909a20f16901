using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Engine.State;
using Vigil.Engine.StateMachines;

namespace Vigil.Engine.Decisions;

/// <summary>
/// Collects a decision's events, projecting each into the state as it is emitted so later steps of the same
/// decision see its effect. Validation happens before the first emit: a refusal leaves the state untouched.
/// </summary>
internal sealed class DecisionBuilder(ClusterState state)
{
    private readonly List<IDecisionEvent> _events = [];

    public ClusterState State { get; } = state;

    public void Emit(IDecisionEvent e)
    {
        State.Apply(e);
        _events.Add(e);
    }

    /// <summary>Fires <paramref name="trigger"/> on the instance if its machine permits it (checked with CanFire first).</summary>
    public bool Transition(InstanceInfo instance, InstanceTrigger trigger, string reason)
    {
        if (!instance.Machine.CanFire(trigger) || !InstanceLifecycle.TryGetTarget(instance.State, trigger, out var to))
        {
            return false;
        }

        Emit(new InstanceEvents.InstanceTransitioned(instance.Tag, instance.Node, trigger, instance.State, to, reason));
        return true;
    }

    public void RequestAction(InstanceInfo instance, KitAction action, long operationId) =>
        Emit(new InstanceEvents.ActionRequested(State.LastActionId + 1, instance.Tag, instance.Node, action, operationId));

    public Decision Build() => Decision.Of(_events);
}
