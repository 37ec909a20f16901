using Mediator;
using Vigil.Engine.Commands;
using Vigil.Engine.Model;
using static Vigil.Engine.Commands.ConfigurationCommands;
using static Vigil.Engine.Events.ResourceEvents;

namespace Vigil.Engine.Decisions.Handlers;

/// <summary>Creates, extends, unextends and deletes resources. Every check runs before anything is emitted.</summary>
internal sealed class ResourceConfigurationHandler(EngineContext context)
    : ICommandHandler<CreateResource, Decision>, ICommandHandler<ExtendResource, Decision>,
      ICommandHandler<UnextendResource, Decision>, ICommandHandler<DeleteResource, Decision>
{
    public ValueTask<Decision> Handle(CreateResource command, CancellationToken cancellationToken)
    {
        var state = context.State;
        if (Names.Problem("resource", command.Tag) is { } bad)
        {
            return new(Decision.Refuse("invalid-name", bad));
        }

        if (state.Resources.ContainsKey(command.Tag))
        {
            return new(Decision.Refuse("duplicate-tag", $"a resource tagged '{command.Tag}' already exists"));
        }

        if (!state.Nodes.TryGetValue(command.Node, out var node))
        {
            return new(Refusals.UnknownNode(command.Node));
        }

        if (!node.Types.TryGetValue(command.Type, out var type))
        {
            return new(Decision.Refuse("type-missing", $"node '{command.Node}' has no kit providing resource type '{command.Type}'"));
        }

        var (parameters, error) = ParameterValidator.Validate(type, command.Parameters);
        if (error is not null)
        {
            return new(Decision.Refuse("invalid-parameter", $"resource '{command.Tag}': {error}"));
        }

        var b = new DecisionBuilder(state);
        b.Emit(new ResourceCreated(command.Tag, command.Type, command.Node, parameters!, command.Switchback));
        b.Transition(state.FindInstance(command.Tag, command.Node)!, InstanceTrigger.Create, "created");
        return new(b.Build());
    }

    public ValueTask<Decision> Handle(ExtendResource command, CancellationToken cancellationToken)
    {
        var state = context.State;
        if (!state.Resources.ContainsKey(command.Tag))
        {
            return new(Refusals.UnknownResource(command.Tag));
        }

        if (!state.Nodes.TryGetValue(command.Node, out var node))
        {
            return new(Refusals.UnknownNode(command.Node));
        }

        if (command.Priority < 1)
        {
            return new(Decision.Refuse("invalid-priority", $"priority {command.Priority} is invalid: 1 is the highest, and priorities are positive"));
        }

        if (state.FindInstance(command.Tag, command.Node) is not null)
        {
            return new(Decision.Refuse("already-extended", $"'{command.Tag}' is already extended to '{command.Node}'"));
        }

        var toExtend = state.Descendants(command.Tag).Where(t => state.FindInstance(t, command.Node) is null).ToList();
        foreach (var tag in toExtend)
        {
            var r = state.Resources[tag];
            if (!node.Types.ContainsKey(r.Type))
            {
                return new(Decision.Refuse("type-missing", $"cannot extend '{tag}' to '{command.Node}': the node has no kit providing resource type '{r.Type}'"));
            }

            var holder = r.Instances.Values.FirstOrDefault(i => i.Priority == command.Priority);
            if (holder is not null)
            {
                return new(Decision.Refuse("priority-collision", $"cannot extend '{tag}' to '{command.Node}' at priority {command.Priority}: node '{holder.Node}' already has that priority for it"));
            }

            if (r.OperationId is { } op)
            {
                return new(Refusals.Busy(tag, op));
            }
        }

        var b = new DecisionBuilder(state);
        foreach (var tag in toExtend)
        {
            b.Emit(new ResourceExtended(tag, command.Node, command.Priority));
            b.Transition(state.FindInstance(tag, command.Node)!, InstanceTrigger.Create, "extended");
        }

        return new(b.Build());
    }

    public ValueTask<Decision> Handle(UnextendResource command, CancellationToken cancellationToken)
    {
        var state = context.State;
        if (!state.Resources.TryGetValue(command.Tag, out var r))
        {
            return new(Refusals.UnknownResource(command.Tag));
        }

        if (!r.Instances.TryGetValue(command.Node, out var instance))
        {
            return new(Refusals.NotExtended(command.Tag, command.Node));
        }

        if (r.Instances.Count == 1)
        {
            return new(Decision.Refuse("last-instance", $"'{command.Node}' is the only node '{command.Tag}' is on: delete the resource instead"));
        }

        if (instance.State.IsActive())
        {
            return new(Decision.Refuse("in-service", $"'{command.Tag}' is {instance.State.Label()} on '{command.Node}': remove it first"));
        }

        var parent = r.Parents.FirstOrDefault(p => state.FindInstance(p, command.Node) is not null);
        if (parent is not null)
        {
            return new(Decision.Refuse("has-parent", $"'{parent}' depends on '{command.Tag}' and is extended to '{command.Node}': unextend it first"));
        }

        if (r.OperationId is { } op)
        {
            return new(Refusals.Busy(command.Tag, op));
        }

        var b = new DecisionBuilder(state);
        b.Emit(new ResourceUnextended(command.Tag, command.Node));
        return new(b.Build());
    }

    public ValueTask<Decision> Handle(DeleteResource command, CancellationToken cancellationToken)
    {
        var state = context.State;
        if (!state.Resources.TryGetValue(command.Tag, out var r))
        {
            return new(Refusals.UnknownResource(command.Tag));
        }

        if (r.Parents.Count > 0)
        {
            return new(Decision.Refuse("has-parent", $"'{string.Join("', '", r.Parents)}' depend(s) on '{command.Tag}': delete or detach them first"));
        }

        if (r.ActiveNode is { } active)
        {
            return new(Decision.Refuse("in-service", $"'{command.Tag}' is active on '{active}': remove it first"));
        }

        if (r.OperationId is { } op)
        {
            return new(Refusals.Busy(command.Tag, op));
        }

        var b = new DecisionBuilder(state);
        b.Emit(new ResourceDeleted(command.Tag));
        return new(b.Build());
    }
}
