using System.Collections.Immutable;
using Vigil.Engine.Model;
using Vigil.Journal;

namespace Vigil.Engine.Events;

/// <summary>Decisions about cluster nodes.</summary>
public static class NodeEvents
{
    [EventType("node.added.v1")]
    public sealed record NodeAdded(string Node) : IDecisionEvent, INodeScoped;

    [EventType("node.types-registered.v1")]
    public sealed record ResourceTypesRegistered(string Node, ImmutableArray<ResourceTypeSpec> Types) : IDecisionEvent, INodeScoped;

    [EventType("node.declared-dead.v1")]
    public sealed record NodeDeclaredDead(string Node, string Reason) : IDecisionEvent, INodeScoped;

    [EventType("node.rejoined.v1")]
    public sealed record NodeRejoined(string Node) : IDecisionEvent, INodeScoped;

    /// <summary>The node enters or leaves maintenance: nothing on it is managed, nothing is moved to it.</summary>
    [EventType("node.maintenance-set.v1")]
    public sealed record NodeMaintenanceSet(string Node, bool On) : IDecisionEvent, INodeScoped;
}
