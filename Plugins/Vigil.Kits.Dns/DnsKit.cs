using Vigil.Plugins.Abstractions;

namespace Vigil.Kits.Dns;

/// <summary>The DNS kit: for a backup in another subnet, where an address cannot move, the name moves instead.</summary>
public sealed class DnsKit : IRecoveryKit
{
    /// <inheritdoc/>
    public string Name => "dns";

    /// <inheritdoc/>
    public IReadOnlyList<ResourceType> ResourceTypes { get; } = [new DnsResourceType()];
}
