using Vigil.Plugins.Hosting;

namespace Vigil.Daemon.Runtime;

internal sealed partial class ResourceRuntime
{
    /// <summary>The kits as last loaded (empty until then): the web console shows their descriptions in its forms.</summary>
    public IReadOnlyList<KitInfo> LoadedKits { get; private set; } = [];
}
