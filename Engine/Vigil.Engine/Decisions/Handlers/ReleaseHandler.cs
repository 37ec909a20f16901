using Mediator;
using Vigil.Engine.Commands;
using Vigil.Engine.Model;
using static Vigil.Engine.Commands.MembershipInputs;

namespace Vigil.Engine.Decisions.Handlers;

/// <summary>
/// A release that failed after a lost quorum: the node caught up, found an instance the cluster no longer has active
/// there, and its remove failed. Before, nothing asked again and the instance went on running beside the copy that took
/// over. Now the engine requests the remove again (no operation: the hierarchy stays where it is in service), so the
/// attempt is journaled and its result counted like any remove: success → OSU, failure → OSF with its reason.
/// A release that succeeded (<see cref="ReportReleased"/>) ends the instance's pending release: the node no longer runs it.
/// </summary>
internal sealed class ReleaseHandler(EngineContext context)
    : ICommandHandler<ReportReleaseFailed, Decision>, ICommandHandler<ReportReleased, Decision>
{
    public ValueTask<Decision> Handle(ReportReleased command, CancellationToken cancellationToken)
    {
        var state = context.State;
        if (Refusals.FindInstance(state, command.Tag, command.Node, out _, out _, out var instance) is { } refused)
        {
            return new(refused);
        }

        // Already released (a remove succeeded meanwhile), or restored there since: nothing to forget.
        if (!instance.ReleasePending || instance.State.IsActive())
        {
            return new(Decision.None);
        }

        var b = new DecisionBuilder(state);
        b.Emit(new Events.InstanceEvents.InstanceReleased(command.Tag, command.Node, $"{command.Node} removed it after it was declared dead"));
        return new(b.Build());
    }

    public ValueTask<Decision> Handle(ReportReleaseFailed command, CancellationToken cancellationToken)
    {
        var state = context.State;
        if (Refusals.FindInstance(state, command.Tag, command.Node, out var resource, out var node, out var instance) is { } refused)
        {
            return new(refused);
        }

        // Given back meanwhile (active there again), or the node is gone again: nothing to release now.
        if (!node.Alive || instance.State.IsActive())
        {
            return new(Decision.None);
        }

        // Another move of the hierarchy (its restore on the node that took over, say) finishes first; the node asks again.
        if (Refusals.Moving(state, state.Hierarchy(command.Tag)) is { } moving)
        {
            return new(moving);
        }

        var b = new DecisionBuilder(state);
        var what = $"release of {command.Tag} on {command.Node} after quorum loss failed: {command.Reason}";
        CheckResultHandler.Count(b, resource, instance, what);
        b.Transition(instance, InstanceTrigger.Remove, $"{what}; it may still run there: remove again");
        b.RequestAction(instance, KitAction.Remove, 0);
        return new(b.Build());
    }
}
