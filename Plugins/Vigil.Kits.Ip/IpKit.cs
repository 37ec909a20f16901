using Vigil.Plugins.Abstractions;

namespace Vigil.Kits.Ip;

/// <summary>The IP address kit: a virtual IP address that moves with its hierarchy.</summary>
public sealed class IpKit : IRecoveryKit
{
    /// <inheritdoc/>
    public string Name => "ip";

    /// <inheritdoc/>
    public IReadOnlyList<ResourceType> ResourceTypes { get; } = [new IpResourceType()];
}
