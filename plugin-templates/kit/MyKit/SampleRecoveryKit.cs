using Vigil.Plugins.Abstractions;

namespace MyKit;

/// <summary>The kit's entry point: vigil-kithost creates it with its parameterless constructor.</summary>
public sealed class SampleRecoveryKit : IRecoveryKit
{
    /// <inheritdoc/>
    public string Name => "KIT_TYPE_PLACEHOLDER";

    /// <inheritdoc/>
    public IReadOnlyList<ResourceType> ResourceTypes { get; } = [new SampleResourceType()];
}
