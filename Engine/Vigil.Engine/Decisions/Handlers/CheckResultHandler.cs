using Mediator;
using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Engine.State;
using static Vigil.Engine.Commands.KitInputs;

namespace Vigil.Engine.Decisions.Handlers;

/// <summary>
/// Periodic check results: degrade and heal, and on a failure count it and recover in place first (LifeKeeper's
/// local recovery); at the resource's threshold fail the hierarchy over without trying. A result that no longer
/// fits (the instance moved on, an operation is moving the hierarchy, it is unmanaged) is journaled and decides nothing.
/// </summary>
internal sealed class CheckResultHandler(EngineContext context) : ICommandHandler<ReportCheckResult, Decision>
{
    public ValueTask<Decision> Handle(ReportCheckResult command, CancellationToken cancellationToken)
    {
        var state = context.State;
        if (Refusals.FindInstance(state, command.Tag, command.Node, out var resource, out var node, out var instance) is { } refused)
        {
            return new(refused);
        }

        var members = state.Hierarchy(command.Tag);
        if (!node.Alive || !instance.State.IsInService() || state.IsUnmanaged(command.Tag, command.Node)
            || members.Any(t => state.Resources[t].OperationId is not null || state.Resources[t].Instances.Values.Any(i => i.State.IsTransient())))
        {
            return new(Decision.None);
        }

        var b = new DecisionBuilder(state);
        var check = command.Check.Lower();
        switch (command.Verdict)
        {
            case CheckVerdict.Healthy when instance.State == InstanceState.Isu:
                b.Transition(instance, InstanceTrigger.Heal, $"{check} healthy again");
                break;
            case CheckVerdict.Degraded when instance.State == InstanceState.Isp:
                b.Transition(instance, InstanceTrigger.Degrade, $"{check} degraded: {command.Reason}");
                break;
            case CheckVerdict.Failed:
                Fail(b, resource, instance, members, $"{check} of {command.Tag} on {command.Node} failed: {command.Reason}");
                break;
            default:
                break;
        }

        return new(b.Build());
    }

    private static void Fail(DecisionBuilder b, ResourceInfo resource, InstanceInfo instance, System.Collections.Immutable.ImmutableArray<string> members, string what)
    {
        var count = Count(b, resource, instance, what);
        if (count < resource.FailureThreshold)
        {
            b.Transition(instance, InstanceTrigger.Recover, what);
            b.RequestAction(instance, KitAction.Recover, 0);
            return;
        }

        var cause = $"{what} ({count} failures, threshold {resource.FailureThreshold}): no recovery in place";
        b.Transition(instance, InstanceTrigger.CheckFailed, cause);
        Failovers.Local(b, members, instance.Node, cause);
    }

    /// <summary>Counts one failure of <paramref name="instance"/> at the engine's time; returns the failures that now count.</summary>
    public static int Count(DecisionBuilder b, ResourceInfo resource, InstanceInfo instance, string what)
    {
        var now = b.State.Now;
        var count = instance.ActiveFailures(now) + 1;
        b.Emit(new InstanceEvents.FailureCounted(instance.Tag, instance.Node, count, now, now + resource.FailureExpiry, what));
        return count;
    }
}
