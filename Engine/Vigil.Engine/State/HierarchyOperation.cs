using System.Collections.Immutable;
using Vigil.Engine.Events;
using Vigil.Engine.Model;

namespace Vigil.Engine.State;

/// <summary>
/// A multi-step move of a set of resources: first clear <see cref="CleanupNode"/> (remove top-down), then bring
/// everything up on <see cref="Target"/> (restore bottom-up). A cascade makes the failed target the cleanup node.
/// </summary>
public sealed class HierarchyOperation(long id, OperationKind kind, ImmutableArray<string> members, string? cleanupNode, string? target, string cause)
{
    public long Id { get; } = id;

    public OperationKind Kind { get; } = kind;

    /// <summary>Tags, sorted: the order in which ready members are acted on, so decisions are deterministic.</summary>
    public ImmutableArray<string> Members { get; } = members;

    public string Cause { get; } = cause;

    /// <summary>"failover #7": the reason recorded on the transitions this operation makes (built once).</summary>
    public string Label { get; } = $"{kind.Lower()} #{id}";

    /// <summary>Where members must be taken out of service first (switchover source, failed cascade target), or null.</summary>
    public string? CleanupNode { get; internal set; } = cleanupNode;

    /// <summary>Where members are to be brought into service, or null (a remove, or a cascade with nowhere left to go).</summary>
    public string? Target { get; internal set; } = target;

    /// <summary>Nodes this operation already tried (or came from): never tried again, so a failover cannot loop.</summary>
    public SortedSet<string> Tried { get; } = new(StringComparer.Ordinal);

    /// <summary>Exit reasons of every failure along the way.</summary>
    public List<string> Reasons { get; } = [];
}
