using Vigil.Plugins.Abstractions;

namespace Vigil.Kits.Mirror;

/// <summary>The mirror kit: a volume replicated by vigil-repd, promoted and exported on the node where the hierarchy runs.</summary>
public sealed class MirrorKit : IRecoveryKit
{
    /// <inheritdoc/>
    public string Name => "mirror";

    /// <inheritdoc/>
    public IReadOnlyList<ResourceType> ResourceTypes { get; } = [new MirrorResourceType()];
}
