using Mediator;
using Vigil.Engine.Commands;
using static Vigil.Engine.Commands.KitInputs;
using static Vigil.Engine.Commands.MaintenanceCommands;

namespace Vigil.Engine.Decisions.Handlers;

/// <summary>Check results, maintenance mode and cleanup (being implemented: refused for now).</summary>
internal sealed class MaintenanceHandler
    : ICommandHandler<ReportCheckResult, Decision>, ICommandHandler<SetResourceMaintenance, Decision>,
      ICommandHandler<SetNodeMaintenance, Decision>, ICommandHandler<CleanupResource, Decision>
{
    public ValueTask<Decision> Handle(ReportCheckResult command, CancellationToken cancellationToken) => new(Decision.None);

    public ValueTask<Decision> Handle(SetResourceMaintenance command, CancellationToken cancellationToken) => new(NotYet());

    public ValueTask<Decision> Handle(SetNodeMaintenance command, CancellationToken cancellationToken) => new(NotYet());

    public ValueTask<Decision> Handle(CleanupResource command, CancellationToken cancellationToken) => new(NotYet());

    private static Decision NotYet() => Decision.Refuse("not-implemented", "maintenance mode and cleanup are not implemented yet");
}
