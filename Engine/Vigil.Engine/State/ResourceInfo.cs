using System.Collections.Immutable;
using Vigil.Engine.Decisions;
using Vigil.Engine.Model;

namespace Vigil.Engine.State;

/// <summary>A protected resource: its type, parameters, dependencies and its instances on the nodes it is extended to.</summary>
public sealed class ResourceInfo(string tag, string type, ImmutableSortedDictionary<string, string> parameters, SwitchbackMode switchback)
{
    public string Tag { get; } = tag;

    public string Type { get; } = type;

    public ImmutableSortedDictionary<string, string> Parameters { get; } = parameters;

    public SwitchbackMode Switchback { get; internal set; } = switchback;

    /// <summary>In maintenance (unmanaged): set on every member of a hierarchy at once.</summary>
    public bool Maintenance { get; internal set; }

    /// <summary>Failures of one instance that make its node no candidate for this resource's hierarchy.</summary>
    public int FailureThreshold { get; } = FailurePolicy.Threshold(parameters);

    /// <summary>How long counted failures last after the latest one (null: until cleanup).</summary>
    public TimeSpan? FailureExpiry { get; } = FailurePolicy.Expiry(parameters);

    /// <summary>Resources this one depends on (restored before it).</summary>
    public SortedSet<string> Children { get; } = new(StringComparer.Ordinal);

    /// <summary>Resources that depend on this one (removed before it).</summary>
    public SortedSet<string> Parents { get; } = new(StringComparer.Ordinal);

    /// <summary>Instances by node name.</summary>
    public SortedDictionary<string, InstanceInfo> Instances { get; } = new(StringComparer.Ordinal);

    /// <summary>The hierarchy operation currently acting on this resource, if any.</summary>
    public long? OperationId { get; internal set; }

    /// <summary>The node where this resource is active (in service or in a transient state), if any.</summary>
    public string? ActiveNode => Instances.Values.FirstOrDefault(i => i.State.IsActive())?.Node;
}
