using Vigil.Plugins.Abstractions;

namespace Vigil.Plugins.Hosting;

/// <summary>One action to run on one resource.</summary>
public sealed record KitActionRequest
{
    /// <summary>The resource type (which kit runs it follows from it).</summary>
    public required string Type { get; init; }

    /// <summary>The action.</summary>
    public required KitAction Action { get; init; }

    /// <summary>The resource's tag.</summary>
    public required string Tag { get; init; }

    /// <summary>The resource's id.</summary>
    public required string Id { get; init; }

    /// <summary>The node it runs on.</summary>
    public required string Node { get; init; }

    /// <summary>The resource's parameters; defaults are applied by the kit host.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();

    /// <summary>The timeout, or <see langword="null"/> for the instance's own (the kit's describe: for OCF, the agent's meta-data).</summary>
    public TimeSpan? Timeout { get; init; }
}
