using System.Collections.Immutable;
using Mediator;
using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Engine.State;
using static Vigil.Engine.Commands.MembershipInputs;
using static Vigil.Engine.Events.OperationEvents;

namespace Vigil.Engine.Decisions.Handlers;

/// <summary>Failover when a node is declared dead; automatic switchback when one rejoins.</summary>
internal sealed class MembershipHandler(EngineContext context)
    : ICommandHandler<DeclareNodeDead, Decision>, ICommandHandler<ReportNodeRejoined, Decision>
{
    public ValueTask<Decision> Handle(DeclareNodeDead command, CancellationToken cancellationToken)
    {
        var state = context.State;
        if (!state.Nodes.TryGetValue(command.Node, out var node))
        {
            return new(Refusals.UnknownNode(command.Node));
        }

        if (!node.Alive)
        {
            return new(Decision.None);
        }

        // Hierarchies the node held and no operation is already moving: each fails over on its own.
        // Unmanaged hierarchies (in maintenance, or on a node in maintenance) stay as recorded until maintenance ends.
        var hierarchies = Failovers.Hierarchies(state);
        var unmanaged = hierarchies.Where(h => node.Maintenance || state.InMaintenance(h) is not null).SelectMany(h => h).ToHashSet(StringComparer.Ordinal);
        var held = hierarchies
            .Where(h => h.Any(t => state.Resources[t].OperationId is null) && !unmanaged.Contains(h[0])
                        && h.Any(t => state.FindInstance(t, command.Node)?.State.IsActive() == true))
            .ToList();

        var b = new DecisionBuilder(state);
        b.Emit(new NodeEvents.NodeDeclaredDead(command.Node, command.Reason));
        foreach (var r in state.Resources.Values)
        {
            if (r.Instances.TryGetValue(command.Node, out var i) && i.State.IsActive() && !unmanaged.Contains(r.Tag))
            {
                b.Transition(i, InstanceTrigger.NodeLost, $"node {command.Node} declared dead: {command.Reason}");
            }
        }

        foreach (var op in state.Operations.Values.ToList())
        {
            if (op.Target == command.Node)
            {
                // An operator restore follows the operator's choice of node while that node lives; once it dies mid-way,
                // the hierarchy was coming into service and goes to the next priority like any failover.
                var next = op.Kind == OperationKind.Restore
                    ? state.Candidates(op.Members, new SortedSet<string>(op.Tried, StringComparer.Ordinal) { command.Node }).FirstOrDefault()
                    : OperationDriver.NextCandidate(state, op, command.Node);
                b.Emit(new OperationCascaded(op.Id, command.Node, next, $"node {command.Node} died during {op.Kind.Lower()} #{op.Id}"));
            }

            if (state.Operations.TryGetValue(op.Id, out var still) && (still.CleanupNode == command.Node || still.Target != op.Target || op.Target == command.Node))
            {
                OperationDriver.Advance(b, still);
            }
        }

        foreach (var members in held)
        {
            OperationDriver.Start(b, OperationKind.Failover, members, command.Node, state.Candidates(members, new SortedSet<string> { command.Node }).FirstOrDefault(),
                $"node {command.Node} declared dead: {command.Reason}");
        }

        return new(b.Build());
    }

    public ValueTask<Decision> Handle(ReportNodeRejoined command, CancellationToken cancellationToken)
    {
        var state = context.State;
        if (!state.Nodes.TryGetValue(command.Node, out var node))
        {
            return new(Refusals.UnknownNode(command.Node));
        }

        if (node.Alive)
        {
            return new(Decision.None);
        }

        var b = new DecisionBuilder(state);
        b.Emit(new NodeEvents.NodeRejoined(command.Node));
        foreach (var r in state.Resources.Values)
        {
            if (r.Instances.TryGetValue(command.Node, out var i) && i.State == InstanceState.Osf && !state.IsUnmanaged(r.Tag, command.Node))
            {
                b.Transition(i, InstanceTrigger.NodeReturned, $"node {command.Node} rejoined");
            }
        }

        foreach (var members in Failovers.Hierarchies(state))
        {
            if (!members.Any(t => state.Resources[t].Switchback == SwitchbackMode.Automatic)
                || members.Any(t => state.Resources[t].OperationId is not null)
                || Refusals.Unmanaged(state, members, null) is not null)
            {
                continue;
            }

            var active = state.ActiveNodes(members);
            if (active.Count != 1 || active.Min == command.Node
                || !members.All(t => state.FindInstance(t, active.Min!)?.State.IsInService() == true))
            {
                continue;
            }

            // Only ever towards a better priority: never from a higher to a lower one.
            var here = state.PriorityOn(members, active.Min!);
            var there = state.PriorityOn(members, command.Node);
            if (there is not null && here is not null && there < here
                && state.Candidates(members, new SortedSet<string>()).Contains(command.Node))
            {
                OperationDriver.Start(b, OperationKind.Switchback, members, active.Min, command.Node,
                    $"automatic switchback to {command.Node} (priority {there}) from {active.Min} (priority {here})");
            }
        }

        return new(b.Build());
    }
}
