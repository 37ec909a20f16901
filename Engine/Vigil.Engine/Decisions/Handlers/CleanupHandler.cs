using Mediator;
using Vigil.Engine.Commands;
using Vigil.Engine.Model;
using static Vigil.Engine.Commands.MaintenanceCommands;

namespace Vigil.Engine.Decisions.Handlers;

/// <summary>
/// `vigil resource cleanup`: forgets the failure counts of every instance of the hierarchy, and puts OSF instances
/// of resources that run nowhere back to OSU (the operator vouches that the failure is dealt with), and ends the pending
/// release of instances a node declared dead could not stop (the operator stopped them by hand). Moves nothing.
/// </summary>
internal sealed class CleanupHandler(EngineContext context) : ICommandHandler<CleanupResource, Decision>
{
    public ValueTask<Decision> Handle(CleanupResource command, CancellationToken cancellationToken)
    {
        var state = context.State;
        if (!state.Resources.ContainsKey(command.Tag))
        {
            return new(Refusals.UnknownResource(command.Tag));
        }

        var members = state.Hierarchy(command.Tag);
        if (Refusals.Moving(state, members) is { } busy)
        {
            return new(busy);
        }

        var b = new DecisionBuilder(state);
        foreach (var tag in members)
        {
            var r = state.Resources[tag];
            foreach (var i in r.Instances.Values)
            {
                if (i.FailureCount > 0)
                {
                    b.Emit(new Events.InstanceEvents.FailuresCleared(tag, i.Node));
                }

                // The operator vouches that it was stopped by hand on a node that could not release it.
                if (i.ReleasePending && !i.State.IsActive())
                {
                    b.Emit(new Events.InstanceEvents.InstanceReleased(tag, i.Node, $"operator cleanup of {command.Tag}"));
                }
            }

            if (r.ActiveNode is null)
            {
                foreach (var i in r.Instances.Values.Where(i => i.State == InstanceState.Osf).ToList())
                {
                    b.Transition(i, InstanceTrigger.Cleanup, $"operator cleanup of {command.Tag}");
                }
            }
        }

        return new(b.Build());
    }
}
