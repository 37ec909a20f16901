using System.Collections.Immutable;
using Vigil.Engine.Model;
using Vigil.Journal;

namespace Vigil.Engine.Events;

/// <summary>Decisions about the configuration of resources and hierarchies.</summary>
public static class ResourceEvents
{
    [EventType("resource.created.v1")]
    public sealed record ResourceCreated(
        string Tag, string Type, string Node, ImmutableSortedDictionary<string, string> Parameters, SwitchbackMode Switchback)
        : IDecisionEvent, IResourceScoped;

    [EventType("resource.extended.v1")]
    public sealed record ResourceExtended(string Tag, string Node, int Priority) : IDecisionEvent, IResourceScoped;

    [EventType("resource.unextended.v1")]
    public sealed record ResourceUnextended(string Tag, string Node) : IDecisionEvent, IResourceScoped;

    [EventType("resource.deleted.v1")]
    public sealed record ResourceDeleted(string Tag) : IDecisionEvent, IResourceScoped;

    [EventType("resource.dependency-added.v1")]
    public sealed record DependencyAdded(string Tag, string Child) : IDecisionEvent, IResourceScoped;

    [EventType("resource.dependency-removed.v1")]
    public sealed record DependencyRemoved(string Tag, string Child) : IDecisionEvent, IResourceScoped;

    [EventType("resource.switchback-set.v1")]
    public sealed record SwitchbackSet(string Tag, SwitchbackMode Mode) : IDecisionEvent, IResourceScoped;

    /// <summary>The resource is taken out of (or given back to) the engine's hands: maintenance, or unmanaged, mode.</summary>
    [EventType("resource.maintenance-set.v1")]
    public sealed record MaintenanceSet(string Tag, bool On) : IDecisionEvent, IResourceScoped;
}
