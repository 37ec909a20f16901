using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Vigil.Engine.Commands;
using Vigil.Engine.Decisions;
using Vigil.Engine.Events;
using Vigil.Engine.State;

namespace Vigil.Engine.Runtime;

/// <summary>
/// The pure engine: inputs go through the mediator to their deciders, which validate, emit decisions and project
/// them into <see cref="State"/>. No I/O, no clock read (time comes with each input, from its journal envelope), no randomness: the same inputs always give the same decisions.
/// One owner thread.
/// </summary>
public sealed class ClusterEngine : IDisposable
{
    /// <summary>
    /// One container for every engine: building one per engine (and resolving every handler by reflection in it) cost
    /// more than the decisions of a short simulated history. Each engine is a scope with its own context and handlers.
    /// </summary>
    private static readonly ServiceProvider Shared = BuildShared();

    private readonly IServiceScope _scope;
    private readonly IMediator _mediator;

    public ClusterEngine(ClusterState? state = null)
    {
        State = state ?? new ClusterState();
        _scope = Shared.CreateScope();
        _scope.ServiceProvider.GetRequiredService<EngineContext>().State = State;
        _mediator = _scope.ServiceProvider.GetRequiredService<IMediator>();
    }

    public ClusterState State { get; }

    /// <summary>Decides one input at the state's current time (<see cref="ClusterState.Now"/>).</summary>
    public Decision Decide(IEngineInput input) => Decide(input, State.Now);

    /// <summary>
    /// Decides one input that was journaled at <paramref name="at"/> (its envelope's timestamp): the engine's clock moves
    /// there first, so failure expiry is judged from the journal alone. A refusal changes nothing; otherwise the
    /// decisions are already projected into <see cref="State"/>.
    /// </summary>
    public Decision Decide(IEngineInput input, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input is not ILocalObservation)
        {
            State.AdvanceClock(at);
        }

        var pending = _mediator.Send(input);
        // Every decider is synchronous: the ValueTask is always complete.
        return pending.IsCompletedSuccessfully ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Projects an already-journaled decision without deciding anything (loading a journal).</summary>
    public void Apply(IDecisionEvent decision) => State.Apply(decision);

    public void Dispose() => _scope.Dispose();

    private static ServiceProvider BuildShared()
    {
        var services = new ServiceCollection();
        services.AddScoped<EngineContext>();
        services.AddMediator(options => options.ServiceLifetime = ServiceLifetime.Scoped);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
    }
}
