using Mediator;
using Vigil.Engine.Commands;
using Vigil.Engine.Model;
using static Vigil.Engine.Commands.ConfigurationCommands;
using static Vigil.Engine.Events.ResourceEvents;

namespace Vigil.Engine.Decisions.Handlers;

/// <summary>Builds hierarchies: dependencies (a DAG, cycles refused) and the hierarchy's switchback mode.</summary>
internal sealed class DependencyHandler(EngineContext context)
    : ICommandHandler<AddDependency, Decision>, ICommandHandler<RemoveDependency, Decision>, ICommandHandler<SetSwitchback, Decision>
{
    public ValueTask<Decision> Handle(AddDependency command, CancellationToken cancellationToken)
    {
        var state = context.State;
        if (!state.Resources.TryGetValue(command.Parent, out var parent))
        {
            return new(Refusals.UnknownResource(command.Parent));
        }

        if (!state.Resources.TryGetValue(command.Child, out var child))
        {
            return new(Refusals.UnknownResource(command.Child));
        }

        if (command.Parent == command.Child || state.Descendants(command.Child).Contains(command.Parent))
        {
            return new(Decision.Refuse("dependency-cycle", $"'{command.Parent}' -> '{command.Child}' would close a cycle: '{command.Child}' already depends on '{command.Parent}'"));
        }

        if (parent.Children.Contains(command.Child))
        {
            return new(Decision.Refuse("duplicate-dependency", $"'{command.Parent}' already depends on '{command.Child}'"));
        }

        var missing = parent.Instances.Keys.FirstOrDefault(n => !child.Instances.ContainsKey(n));
        if (missing is not null)
        {
            return new(Decision.Refuse("not-extended", $"'{command.Parent}' is extended to '{missing}' but '{command.Child}' is not: extend '{command.Child}' there first"));
        }

        var merged = state.Hierarchy(command.Parent).Concat(state.Hierarchy(command.Child));
        var active = state.ActiveNodes(merged);
        if (active.Count > 1)
        {
            return new(Decision.Refuse("split-hierarchy", $"the two hierarchies are active on different nodes ({string.Join(", ", active)}): bring them to one node first"));
        }

        if (parent.ActiveNode is { } on && state.FindInstance(command.Child, on)?.State.IsInService() != true)
        {
            return new(Decision.Refuse("child-not-in-service", $"'{command.Parent}' is active on '{on}' but '{command.Child}' is not in service there"));
        }

        if (parent.OperationId is not null || child.OperationId is not null)
        {
            return new(Decision.Refuse("busy", "an operation is running on one of these resources; try again when it ends"));
        }

        var b = new DecisionBuilder(state);
        b.Emit(new DependencyAdded(command.Parent, command.Child));
        return new(b.Build());
    }

    public ValueTask<Decision> Handle(RemoveDependency command, CancellationToken cancellationToken)
    {
        var state = context.State;
        if (!state.Resources.TryGetValue(command.Parent, out var parent) || !parent.Children.Contains(command.Child))
        {
            return new(Decision.Refuse("unknown-dependency", $"'{command.Parent}' does not depend on '{command.Child}'"));
        }

        if (parent.OperationId is { } op)
        {
            return new(Refusals.Busy(command.Parent, op));
        }

        var b = new DecisionBuilder(state);
        b.Emit(new DependencyRemoved(command.Parent, command.Child));
        return new(b.Build());
    }

    public ValueTask<Decision> Handle(SetSwitchback command, CancellationToken cancellationToken)
    {
        var state = context.State;
        if (!state.Resources.ContainsKey(command.Tag))
        {
            return new(Refusals.UnknownResource(command.Tag));
        }

        var b = new DecisionBuilder(state);
        foreach (var tag in state.Hierarchy(command.Tag))
        {
            if (state.Resources[tag].Switchback != command.Mode)
            {
                b.Emit(new SwitchbackSet(tag, command.Mode));
            }
        }

        return new(b.Build());
    }
}
