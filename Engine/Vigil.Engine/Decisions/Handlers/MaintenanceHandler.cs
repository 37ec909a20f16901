using Mediator;
using Vigil.Engine.Commands;
using Vigil.Engine.Model;
using static Vigil.Engine.Commands.MaintenanceCommands;

namespace Vigil.Engine.Decisions.Handlers;

/// <summary>
/// Maintenance (unmanaged) mode per hierarchy and per node. Entering it waits for nothing to be moving; leaving it
/// re-evaluates, so a hierarchy whose node died while it was unmanaged fails over then.
/// </summary>
internal sealed class MaintenanceHandler(EngineContext context)
    : ICommandHandler<SetResourceMaintenance, Decision>, ICommandHandler<SetNodeMaintenance, Decision>
{
    public ValueTask<Decision> Handle(SetResourceMaintenance command, CancellationToken cancellationToken)
    {
        var state = context.State;
        if (!state.Resources.ContainsKey(command.Tag))
        {
            return new(Refusals.UnknownResource(command.Tag));
        }

        var members = state.Hierarchy(command.Tag);
        if (command.On && Refusals.Moving(state, members) is { } busy)
        {
            return new(busy);
        }

        var b = new DecisionBuilder(state);
        foreach (var tag in members)
        {
            if (state.Resources[tag].Maintenance != command.On)
            {
                b.Emit(new Events.ResourceEvents.MaintenanceSet(tag, command.On));
            }
        }

        if (!command.On)
        {
            Failovers.Reevaluate(b, members);
        }

        return new(b.Build());
    }

    public ValueTask<Decision> Handle(SetNodeMaintenance command, CancellationToken cancellationToken)
    {
        var state = context.State;
        if (!state.Nodes.TryGetValue(command.Node, out var node))
        {
            return new(Refusals.UnknownNode(command.Node));
        }

        if (node.Maintenance == command.On)
        {
            return new(Decision.None);
        }

        if (command.On)
        {
            var op = state.Operations.Values.FirstOrDefault(o => o.Target == command.Node || o.CleanupNode == command.Node);
            if (op is not null)
            {
                return new(Decision.Refuse("busy", $"operation #{op.Id} ({op.Label}) involves node '{command.Node}'; try again when it ends"));
            }

            var moving = state.Resources.Values.Select(r => r.Instances.GetValueOrDefault(command.Node)).FirstOrDefault(i => i?.State.IsTransient() == true);
            if (moving is not null)
            {
                return new(Decision.Refuse("busy", $"'{moving.Tag}' is {moving.State.Label()} on '{command.Node}'"));
            }
        }

        var b = new DecisionBuilder(state);
        b.Emit(new Events.NodeEvents.NodeMaintenanceSet(command.Node, command.On));
        if (!command.On && !node.Alive)
        {
            foreach (var members in Failovers.Hierarchies(state))
            {
                if (members.Any(t => state.FindInstance(t, command.Node)?.State.IsActive() == true))
                {
                    Failovers.Reevaluate(b, members);
                }
            }
        }

        return new(b.Build());
    }
}
