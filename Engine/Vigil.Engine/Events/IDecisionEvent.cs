using Vigil.Journal;

namespace Vigil.Engine.Events;

/// <summary>An event the engine chose. Only decisions change the projected state; replay recomputes them from inputs.</summary>
public interface IDecisionEvent : IVigilEvent
{
}
