using Mediator;
using Vigil.Engine.Commands;
using static Vigil.Engine.Commands.MembershipInputs;

namespace Vigil.Engine.Decisions.Handlers;

/// <summary>Observations that are journaled for the record and decide nothing by themselves.</summary>
internal sealed class ObservationHandler : ICommandHandler<ReportPathState, Decision>, ICommandHandler<ReportFencing, Decision>, ICommandHandler<ReportQuorumLossAction, Decision>
{
    public ValueTask<Decision> Handle(ReportPathState command, CancellationToken cancellationToken) => new(Decision.None);

    public ValueTask<Decision> Handle(ReportFencing command, CancellationToken cancellationToken) => new(Decision.None);

    public ValueTask<Decision> Handle(ReportQuorumLossAction command, CancellationToken cancellationToken) => new(Decision.None);
}
