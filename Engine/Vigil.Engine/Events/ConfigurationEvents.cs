using System.Collections.Immutable;
using Vigil.Engine.Model;
using Vigil.Journal;

namespace Vigil.Engine.Events;

/// <summary>Decisions about the replicated cluster configuration. Each carries the configuration version it makes current.</summary>
public static class ConfigurationEvents
{
    [EventType("configuration.seeded.v1")]
    public sealed record ConfigurationSeeded(long ConfigVersion, ImmutableArray<CommPathSpec> Paths) : IDecisionEvent;

    [EventType("configuration.path-added.v1")]
    public sealed record CommPathAdded(CommPathSpec Path, long ConfigVersion) : IDecisionEvent;

    [EventType("configuration.path-deleted.v1")]
    public sealed record CommPathDeleted(CommPathSpec Path, long ConfigVersion) : IDecisionEvent;

    /// <summary><paramref name="Node"/> joined with <paramref name="Paths"/>; <paramref name="Members"/> describes the nodes it joined.</summary>
    [EventType("configuration.node-joined.v1")]
    public sealed record NodeJoined(NodeSpec Node, ImmutableArray<NodeSpec> Members, ImmutableArray<CommPathSpec> Paths, long ConfigVersion) : IDecisionEvent;
}
