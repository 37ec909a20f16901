using Vigil.Plugins.Abstractions;

namespace Vigil.Kits.GenApp;

/// <summary>The Generic Application kit: protects any application through the operator's scripts.</summary>
public sealed class GenAppKit : IRecoveryKit
{
    /// <inheritdoc/>
    public string Name => "genapp";

    /// <inheritdoc/>
    public IReadOnlyList<ResourceType> ResourceTypes { get; } = [new GenAppResourceType()];
}
