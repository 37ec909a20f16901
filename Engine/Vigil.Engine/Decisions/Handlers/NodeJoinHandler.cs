using Mediator;
using Vigil.Engine.Commands;
using static Vigil.Engine.Commands.ClusterConfigurationCommands;
using static Vigil.Engine.Events.ConfigurationEvents;
using static Vigil.Engine.Events.NodeEvents;

namespace Vigil.Engine.Decisions.Handlers;

/// <summary>
/// Decides a join: the node becomes a member (<see cref="NodeAdded"/>) and the configuration gains its description and
/// its comm paths in one new version (<see cref="NodeJoined"/>), which every node's heartbeat process then runs.
/// </summary>
internal sealed class NodeJoinHandler(EngineContext context) : ICommandHandler<JoinNode, Decision>
{
    public ValueTask<Decision> Handle(JoinNode command, CancellationToken cancellationToken)
    {
        var state = context.State;
        var members = command.Members.IsDefault ? [] : command.Members;
        if (NodeJoinRules.Check(state, command.Node, members) is { } error)
        {
            return new(Decision.Refuse(error.Code, error.Message));
        }

        var b = new DecisionBuilder(state);
        b.Emit(new NodeAdded(command.Node.Name));
        b.Emit(new NodeJoined(command.Node, members, NodeJoinRules.PathsFor(state, command.Node, members), state.ConfigVersion + 1));
        return new(b.Build());
    }
}
