using Vigil.Journal;

namespace Vigil.Engine;

/// <summary>The registry of every event type the engine journals (inputs and decisions).</summary>
public static class EngineEvents
{
    public static readonly EventTypeRegistry Registry = EventTypeRegistry.FromAssemblies(typeof(EngineEvents).Assembly);

    public static readonly EventSerializer Serializer = new(Registry);
}
