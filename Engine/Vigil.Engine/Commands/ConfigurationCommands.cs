using System.Collections.Immutable;
using Vigil.Engine.Model;
using Vigil.Journal;

namespace Vigil.Engine.Commands;

/// <summary>Commands that change the cluster configuration (admin role).</summary>
public static class ConfigurationCommands
{
    [EventType("command.add-node.v1")]
    public sealed record AddNode(string Node) : IEngineInput;

    /// <summary>A node's kit host reports the resource types its kits provide.</summary>
    [EventType("command.register-types.v1")]
    public sealed record RegisterResourceTypes(string Node, ImmutableArray<ResourceTypeSpec> Types) : IEngineInput;

    [EventType("command.create-resource.v1")]
    public sealed record CreateResource(
        string Tag, string Type, string Node, ImmutableSortedDictionary<string, string> Parameters,
        SwitchbackMode Switchback = SwitchbackMode.Intelligent) : IEngineInput;

    /// <summary>Extends a resource and every descendant not yet on <paramref name="Node"/> to it, at <paramref name="Priority"/> (1 = highest).</summary>
    [EventType("command.extend-resource.v1")]
    public sealed record ExtendResource(string Tag, string Node, int Priority) : IEngineInput;

    [EventType("command.unextend-resource.v1")]
    public sealed record UnextendResource(string Tag, string Node) : IEngineInput;

    [EventType("command.delete-resource.v1")]
    public sealed record DeleteResource(string Tag) : IEngineInput;

    /// <summary><paramref name="Parent"/> depends on <paramref name="Child"/>: restored after it, removed before it.</summary>
    [EventType("command.add-dependency.v1")]
    public sealed record AddDependency(string Parent, string Child) : IEngineInput;

    [EventType("command.remove-dependency.v1")]
    public sealed record RemoveDependency(string Parent, string Child) : IEngineInput;

    /// <summary>Sets the switchback mode of the whole hierarchy <paramref name="Tag"/> belongs to.</summary>
    [EventType("command.set-switchback.v1")]
    public sealed record SetSwitchback(string Tag, SwitchbackMode Mode) : IEngineInput;
}
