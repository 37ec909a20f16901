using Mediator;
using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using static Vigil.Engine.Commands.MirrorInputs;

namespace Vigil.Engine.Decisions.Handlers;

/// <summary>
/// Outdate marks on mirror copies. Repeats change nothing (a primary re-proposes until it sees its mark committed),
/// so both inputs are harmless to relay twice. State reports are observations and decide nothing.
/// Only the node that holds the mirror resource may outdate a copy, never the holder's own: a proposal from a primary
/// that was cut off in a minority (suspended, its resource since taken over) can still commit once the partition heals,
/// and must not outdate the copy that now holds the data.
/// </summary>
internal sealed class MirrorHandler(EngineContext context)
    : ICommandHandler<MarkMirrorCopyOutdated, Decision>, ICommandHandler<ClearMirrorCopyOutdated, Decision>, ICommandHandler<ReportMirrorState, Decision>
{
    public ValueTask<Decision> Handle(MarkMirrorCopyOutdated command, CancellationToken cancellationToken)
    {
        var state = context.State;
        if (state.IsMirrorCopyOutdated(command.Mirror, command.Node))
        {
            return new(Decision.None);
        }

        if (state.MirrorHolder(command.Mirror) is { } holder && (holder != command.By || holder == command.Node))
        {
            return new(Decision.Refuse(
                "mirror-not-held",
                $"{command.By} may not outdate {command.Node}'s copy of {command.Mirror}: the mirror's resource is active on {holder}"));
        }

        return new(Emit(new MirrorEvents.MirrorCopyOutdated(command.Mirror, command.Node, command.By, command.Reason)));
    }

    public ValueTask<Decision> Handle(ClearMirrorCopyOutdated command, CancellationToken cancellationToken) =>
        new(context.State.IsMirrorCopyOutdated(command.Mirror, command.Node)
            ? Emit(new MirrorEvents.MirrorCopyCurrent(command.Mirror, command.Node, command.By, command.Reason))
            : Decision.None);

    public ValueTask<Decision> Handle(ReportMirrorState command, CancellationToken cancellationToken) => new(Decision.None);

    /// <summary>Emitting through the builder projects the event into the state, as every decider does.</summary>
    private Decision Emit(IDecisionEvent e)
    {
        var b = new DecisionBuilder(context.State);
        b.Emit(e);
        return b.Build();
    }
}
