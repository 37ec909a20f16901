using Mediator;
using Vigil.Journal;

namespace Vigil.Engine.Commands;

/// <summary>
/// An input to the engine: a command, a membership observation or a kit result. Inputs are mediator commands
/// (handled by the pure deciders) and journal events of kind <see cref="EventKind.Input"/>.
/// </summary>
public interface IEngineInput : IVigilEvent, ICommand<Decision>
{
}
