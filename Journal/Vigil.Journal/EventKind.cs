namespace Vigil.Journal;

/// <summary>Whether an event is something the engine was told (input) or something it chose (decision).</summary>
/// <remarks>Replay feeds only inputs to a fresh engine and compares what it decides with the recorded decisions.</remarks>
public enum EventKind
{
    Input = 1,
    Decision = 2,
}
