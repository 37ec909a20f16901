using System.Collections.Immutable;
using Mediator;
using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Engine.State;
using static Vigil.Engine.Commands.OperatorCommands;

namespace Vigil.Engine.Decisions.Handlers;

/// <summary>Restore, remove and switchover on an operator's request.</summary>
internal sealed class OperatorHandler(EngineContext context)
    : ICommandHandler<RestoreResource, Decision>, ICommandHandler<RemoveResource, Decision>, ICommandHandler<Switchover, Decision>
{
    public ValueTask<Decision> Handle(RestoreResource command, CancellationToken cancellationToken)
    {
        var state = context.State;
        var members = state.Descendants(command.Tag);
        if (CheckTarget(state, command.Tag, command.Node, members) is { } refused)
        {
            return new(refused);
        }

        if (Refusals.Unmanaged(state, state.Hierarchy(command.Tag), command.Node) is { } unmanaged)
        {
            return new(unmanaged);
        }

        var elsewhere = state.ActiveNodes(state.Hierarchy(command.Tag)).FirstOrDefault(n => n != command.Node);
        if (elsewhere is not null)
        {
            return new(Decision.Refuse("active-elsewhere", $"the hierarchy of '{command.Tag}' is active on '{elsewhere}': use switchover to move it"));
        }

        if (members.All(t => state.FindInstance(t, command.Node)!.State.IsInService()))
        {
            return new(Decision.None);
        }

        var b = new DecisionBuilder(state);
        OperationDriver.Start(b, OperationKind.Restore, members, null, command.Node, $"operator restore of {command.Tag} on {command.Node}");
        return new(b.Build());
    }

    public ValueTask<Decision> Handle(RemoveResource command, CancellationToken cancellationToken)
    {
        var state = context.State;
        if (!state.Resources.ContainsKey(command.Tag))
        {
            return new(Refusals.UnknownResource(command.Tag));
        }

        var members = state.Ancestors(command.Tag);
        if (Refusals.Unmanaged(state, state.Hierarchy(command.Tag), null) is { } unmanaged)
        {
            return new(unmanaged);
        }

        if (Refusals.Moving(state, members) is { } busy)
        {
            return new(busy);
        }

        var active = state.ActiveNodes(members);
        if (active.Count == 0)
        {
            return new(Decision.None);
        }

        var b = new DecisionBuilder(state);
        OperationDriver.Start(b, OperationKind.Remove, members, active.Min, null, $"operator remove of {command.Tag}");
        return new(b.Build());
    }

    public ValueTask<Decision> Handle(Switchover command, CancellationToken cancellationToken)
    {
        var state = context.State;
        var members = state.Hierarchy(command.Tag);
        if (CheckTarget(state, command.Tag, command.Node, members) is { } refused)
        {
            return new(refused);
        }

        if (Refusals.Unmanaged(state, members, command.Node) is { } unmanaged)
        {
            return new(unmanaged);
        }

        var active = state.ActiveNodes(members);
        if (active.Count == 1 && active.Min == command.Node)
        {
            return new(Decision.Refuse("already-there", $"the hierarchy of '{command.Tag}' is already active on '{command.Node}'"));
        }

        var b = new DecisionBuilder(state);
        OperationDriver.Start(b, OperationKind.Switchover, members, active.Min, command.Node, $"operator switchover of {command.Tag} to {command.Node}");
        return new(b.Build());
    }

    private static Decision? CheckTarget(ClusterState state, string tag, string node, ImmutableArray<string> members)
    {
        if (!state.Resources.ContainsKey(tag))
        {
            return Refusals.UnknownResource(tag);
        }

        if (!state.Nodes.TryGetValue(node, out var n))
        {
            return Refusals.UnknownNode(node);
        }

        if (!n.Alive)
        {
            return Decision.Refuse("node-dead", $"node '{node}' is dead");
        }

        var notThere = members.FirstOrDefault(t => state.FindInstance(t, node) is null);
        if (notThere is not null)
        {
            return Decision.Refuse("not-extended", $"'{notThere}' is not extended to '{node}'");
        }

        var noKit = members.FirstOrDefault(t => !n.Types.ContainsKey(state.Resources[t].Type));
        if (noKit is not null)
        {
            return Decision.Refuse("type-missing", $"node '{node}' has no kit providing resource type '{state.Resources[noKit].Type}' (for '{noKit}')");
        }

        return Refusals.Moving(state, members);
    }
}
