namespace Vigil.Journal;

/// <summary>A stored event names a type this build does not know (a newer writer, or a foreign journal).</summary>
public sealed class UnknownEventTypeException(string name)
    : Exception($"Unknown event type '{name}': the journal was written by a newer Vigil or is not a Vigil journal.")
{
    public string TypeName { get; } = name;
}
