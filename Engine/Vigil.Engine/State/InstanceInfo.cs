using Stateless;
using Vigil.Engine.Model;
using Vigil.Engine.StateMachines;

namespace Vigil.Engine.State;

/// <summary>A resource on one node: its priority there and its lifecycle state machine (state stored here, externally to Stateless).</summary>
public sealed class InstanceInfo
{
    private StateMachine<InstanceState, InstanceTrigger>? _machine;

    internal InstanceInfo(string tag, string node, int priority)
    {
        Tag = tag;
        Node = node;
        Priority = priority;
    }

    public string Tag { get; }

    public string Node { get; }

    /// <summary>1 = highest; unique per resource.</summary>
    public int Priority { get; internal set; }

    public InstanceState State { get; internal set; } = InstanceState.IllState;

    /// <summary>Why it is in its state (the exit reason of the last failed action, for OSF).</summary>
    public string Reason { get; internal set; } = string.Empty;

    /// <summary>The kit action running on this instance, if any (removed from the pending set when the instance settles).</summary>
    public long? PendingActionId { get; internal set; }

    /// <summary>Created on first use; one owner thread (the engine's), as Stateless requires.</summary>
    internal StateMachine<InstanceState, InstanceTrigger> Machine =>
        _machine ??= InstanceLifecycle.Create(() => State, s => State = s);
}
