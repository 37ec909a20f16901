using Vigil.Plugins.Abstractions;

namespace Kit.LoadFails;

public sealed class LoadFailsKit : IRecoveryKit
{
    public LoadFailsKit() => throw new InvalidOperationException("missing /etc/loadfails.conf");

    public string Name => "loadfails";

    public IReadOnlyList<ResourceType> ResourceTypes => [];
}
