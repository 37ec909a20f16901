namespace Vigil.Journal;

/// <summary>
/// The stored, versioned name of an event type (e.g. <c>resource.created.v1</c>). The journal never
/// stores CLR names, so renaming or moving a class cannot break an existing journal.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class EventTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
