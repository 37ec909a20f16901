using Microsoft.Extensions.Logging;
using Vigil.Engine.Commands;

namespace Vigil.Daemon.Consensus;

/// <summary>
/// The leader seeds the replicated cluster configuration with the comm paths and version of the configuration
/// files (identical on every node) once every configured node is added. From then on only committed changes
/// (<c>vigil path add|delete</c>) move it; a second seed is refused by the engine, so two leaders cannot race it.
/// </summary>
internal sealed partial class MembershipCoordinator
{
    private long _lastSeed = long.MinValue / 2;

    private async Task SeedConfigurationAsync(IReadOnlyDictionary<string, bool> known, CancellationToken stopping)
    {
        if (config.Nodes.Any(n => !known.ContainsKey(n.Name)) || Environment.TickCount64 - _lastSeed < 1000)
        {
            return;
        }

        if (await engine.ReadAsync(s => s.ConfigurationKnown))
        {
            return;
        }

        _lastSeed = Environment.TickCount64;
        var result = await engine.ProposeAsync(new ClusterConfigurationCommands.SeedConfiguration(config.ConfigVersion, config.FilePaths()), stopping);
        Log.Proposed(logger, nameof(ClusterConfigurationCommands.SeedConfiguration), $"version {config.ConfigVersion}", result.Outcome.ToString());
    }
}
