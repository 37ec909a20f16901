using McMaster.NETCore.Plugins;
using Vigil.Plugins.Abstractions;

namespace Vigil.Plugins.Hosting;

/// <summary>A kit folder loaded into its own collectible load context.</summary>
internal sealed class LoadedKit(string name, string directory, PluginLoader loader, IReadOnlyList<IRecoveryKit> kits, string? version, string sdkVersion)
{
    public string Name { get; } = name;

    public string Directory { get; } = directory;

    public PluginLoader Loader { get; } = loader;

    public IReadOnlyList<IRecoveryKit> Kits { get; } = kits;

    public string? Version { get; } = version;

    public string SdkVersion { get; } = sdkVersion;
}
