using Mediator;
using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using static Vigil.Engine.Commands.KitInputs;
using static Vigil.Engine.Events.OperationEvents;

namespace Vigil.Engine.Decisions.Handlers;

/// <summary>Kit results: advance the operation, cascade a failed restore to the next priority, stop on a failed remove.</summary>
internal sealed class ActionResultHandler(EngineContext context) : ICommandHandler<ReportActionResult, Decision>
{
    public ValueTask<Decision> Handle(ReportActionResult command, CancellationToken cancellationToken)
    {
        var state = context.State;
        if (!state.PendingActions.TryGetValue(command.ActionId, out var action))
        {
            // A late result (its node was declared dead, or a duplicate): the input is journaled, nothing follows.
            return new(Decision.None);
        }

        var instance = state.FindInstance(action.Tag, action.Node);
        if (instance is null)
        {
            return new(Decision.None);
        }

        var ok = command.Outcome == ActionOutcome.Succeeded;
        var reason = ok ? $"{action.Action.Lower()} succeeded" : Describe(command);
        var b = new DecisionBuilder(state);
        state.Operations.TryGetValue(action.OperationId, out var op);
        switch (action.Action)
        {
            case KitAction.Restore:
                b.Transition(instance, ok ? InstanceTrigger.RestoreSucceeded : InstanceTrigger.RestoreFailed, reason);
                if (!ok)
                {
                    CheckResultHandler.Count(b, state.Resources[action.Tag], instance, $"restore of {action.Tag} on {action.Node} failed: {reason}");
                }

                if (!ok && op is not null && op.Target == action.Node)
                {
                    var next = OperationDriver.NextCandidate(state, op, action.Node);
                    b.Emit(new OperationCascaded(op.Id, action.Node, next, $"restore of {action.Tag} on {action.Node} failed: {reason}"));
                }

                break;
            case KitAction.Remove:
                b.Transition(instance, ok ? InstanceTrigger.RemoveSucceeded : InstanceTrigger.RemoveFailed, reason);
                if (!ok && op is not null)
                {
                    // Never restored elsewhere while it may still run here: only fencing can clear this.
                    b.Emit(new OperationFailed(op.Id, [.. op.Reasons, $"remove of {action.Tag} on {action.Node} failed: {reason}"]));
                    op = null;
                }

                break;
            case KitAction.Recover:
                b.Transition(instance, ok ? InstanceTrigger.RecoverSucceeded : InstanceTrigger.RecoverFailed, reason);
                if (!ok && op is null)
                {
                    // Recovery in place failed: the hierarchy leaves this node (LifeKeeper's local recovery, then failover).
                    Failovers.Local(b, state.Hierarchy(action.Tag), action.Node, $"recover of {action.Tag} on {action.Node} failed: {reason}");
                }

                break;
            default:
                break;
        }

        if (op is not null && state.Operations.ContainsKey(op.Id))
        {
            OperationDriver.Advance(b, op);
        }

        return new(b.Build());
    }

    private static string Describe(ReportActionResult r)
    {
        var what = r.Outcome switch
        {
            ActionOutcome.TimedOut => "timed out",
            ActionOutcome.Crashed => "kit crashed",
            _ => "failed",
        };
        return string.IsNullOrWhiteSpace(r.ExitReason) ? what : $"{what}: {r.ExitReason}";
    }
}
