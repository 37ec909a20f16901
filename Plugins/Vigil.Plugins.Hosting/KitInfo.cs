using Vigil.Plugins.Abstractions;

namespace Vigil.Plugins.Hosting;

/// <summary>One kit folder as the kit host sees it: its kits' types, or why it failed to load.</summary>
public sealed record KitInfo
{
    /// <summary>The kit's name (its folder's name).</summary>
    public required string Name { get; init; }

    /// <summary>The kit's folder.</summary>
    public required string Directory { get; init; }

    /// <summary>The kit assembly's version, when it could be read.</summary>
    public string? Version { get; init; }

    /// <summary>The kit SDK version the kit was built against, when it could be read.</summary>
    public string? SdkVersion { get; init; }

    /// <summary>The resource types it provides (empty when it failed to load).</summary>
    public IReadOnlyList<ResourceTypeDefinition> Types { get; init; } = [];

    /// <summary>Why it failed to load, or <see langword="null"/> when loaded.</summary>
    public string? LoadError { get; init; }

    /// <summary>Whether it loaded.</summary>
    public bool Loaded => LoadError is null;
}
