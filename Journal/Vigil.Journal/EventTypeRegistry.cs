using System.Collections.Frozen;
using System.Reflection;

namespace Vigil.Journal;

/// <summary>Maps stored event type names to payload types and back. Built once from the assemblies that define events.</summary>
public sealed class EventTypeRegistry
{
    private readonly FrozenDictionary<string, Type> _byName;
    private readonly FrozenDictionary<Type, string> _byType;

    public EventTypeRegistry(IEnumerable<Type> eventTypes)
    {
        ArgumentNullException.ThrowIfNull(eventTypes);
        var byName = new Dictionary<string, Type>(StringComparer.Ordinal);
        foreach (var type in eventTypes)
        {
            var name = type.GetCustomAttribute<EventTypeAttribute>()?.Name
                ?? throw new ArgumentException($"Event type {type.FullName} has no [EventType] name.", nameof(eventTypes));
            if (!typeof(IVigilEvent).IsAssignableFrom(type))
            {
                throw new ArgumentException($"{type.FullName} does not implement {nameof(IVigilEvent)}.", nameof(eventTypes));
            }

            if (!byName.TryAdd(name, type))
            {
                throw new ArgumentException($"Event type name '{name}' is used by both {byName[name].FullName} and {type.FullName}.", nameof(eventTypes));
            }
        }

        _byName = byName.ToFrozenDictionary(StringComparer.Ordinal);
        _byType = byName.ToFrozenDictionary(kv => kv.Value, kv => kv.Key);
    }

    /// <summary>Every concrete <see cref="IVigilEvent"/> with an <see cref="EventTypeAttribute"/> in the given assemblies.</summary>
    public static EventTypeRegistry FromAssemblies(params Assembly[] assemblies) =>
        new(assemblies.SelectMany(a => a.GetTypes())
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IVigilEvent).IsAssignableFrom(t)
                        && t.GetCustomAttribute<EventTypeAttribute>() is not null));

    public IReadOnlyCollection<Type> Types => _byType.Keys;

    public string NameOf(Type type) =>
        _byType.TryGetValue(type, out var name)
            ? name
            : throw new ArgumentException($"{type.FullName} is not a registered event type.", nameof(type));

    public Type TypeOf(string name) =>
        _byName.TryGetValue(name, out var type)
            ? type
            : throw new UnknownEventTypeException(name);

    public bool TryGetType(string name, out Type? type) => _byName.TryGetValue(name, out type);
}
