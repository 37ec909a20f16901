using Mediator;
using Vigil.Engine.Commands;
using static Vigil.Engine.Commands.ConfigurationCommands;
using static Vigil.Engine.Events.NodeEvents;

namespace Vigil.Engine.Decisions.Handlers;

/// <summary>Adds nodes and records the resource types their kits provide.</summary>
internal sealed class NodeConfigurationHandler(EngineContext context)
    : ICommandHandler<AddNode, Decision>, ICommandHandler<RegisterResourceTypes, Decision>
{
    public ValueTask<Decision> Handle(AddNode command, CancellationToken cancellationToken)
    {
        var state = context.State;
        if (Names.Problem("node", command.Node) is { } bad)
        {
            return new(Decision.Refuse("invalid-name", bad));
        }

        if (state.Nodes.ContainsKey(command.Node))
        {
            return new(Decision.Refuse("duplicate-node", $"node '{command.Node}' is already a member of the cluster"));
        }

        var b = new DecisionBuilder(state);
        b.Emit(new NodeAdded(command.Node));
        return new(b.Build());
    }

    public ValueTask<Decision> Handle(RegisterResourceTypes command, CancellationToken cancellationToken)
    {
        var state = context.State;
        if (!state.Nodes.ContainsKey(command.Node))
        {
            return new(Refusals.UnknownNode(command.Node));
        }

        var duplicate = command.Types.GroupBy(t => t.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            return new(Decision.Refuse("duplicate-type", $"resource type '{duplicate.Key}' is reported twice by node '{command.Node}'"));
        }

        var b = new DecisionBuilder(state);
        b.Emit(new ResourceTypesRegistered(command.Node, command.Types));
        return new(b.Build());
    }
}
