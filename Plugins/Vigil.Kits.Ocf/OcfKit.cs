using Vigil.Plugins.Abstractions;

namespace Vigil.Kits.Ocf;

/// <summary>The OCF bridge: every OCF resource agent installed under OCF_ROOT becomes protectable.</summary>
public sealed class OcfKit : IRecoveryKit
{
    /// <inheritdoc/>
    public string Name => "ocf";

    /// <inheritdoc/>
    public IReadOnlyList<ResourceType> ResourceTypes { get; } = [new OcfResourceType()];
}
