using System.Collections.Immutable;
using Vigil.Engine.Commands;
using Vigil.Engine.Model;
using static Vigil.Engine.Commands.ConfigurationCommands;

namespace Vigil.Engine.Simulation;

/// <summary>The hierarchy the demo and many specs use: app → {ip, fs}, created on the first node and extended to the others in order.</summary>
public static class SampleHierarchy
{
    public static IReadOnlyList<IEngineInput> Commands(string prefix, IReadOnlyList<string> nodesByPriority, string address, SwitchbackMode switchback = SwitchbackMode.Intelligent)
    {
        ArgumentNullException.ThrowIfNull(nodesByPriority);
        var primary = nodesByPriority[0];
        var list = new List<IEngineInput>
        {
            new CreateResource($"{prefix}-ip", "ip", primary, ImmutableSortedDictionary.CreateRange(new Dictionary<string, string> { ["address"] = address })),
            new CreateResource($"{prefix}-fs", "fs", primary, ImmutableSortedDictionary.CreateRange(new Dictionary<string, string>
            {
                ["device"] = $"/dev/vg0/{prefix}",
                ["mountPoint"] = $"/srv/{prefix}",
            })),
            new CreateResource($"{prefix}-app", "app", primary, ImmutableSortedDictionary<string, string>.Empty, switchback),
            new AddDependency($"{prefix}-app", $"{prefix}-ip"),
            new AddDependency($"{prefix}-app", $"{prefix}-fs"),
        };
        for (var i = 1; i < nodesByPriority.Count; i++)
        {
            list.Add(new ExtendResource($"{prefix}-app", nodesByPriority[i], i + 1));
        }

        list.Add(new OperatorCommands.RestoreResource($"{prefix}-app", primary));
        return list;
    }

    /// <summary>Submits the commands and runs until the hierarchy is in service on its first node.</summary>
    public static async ValueTask<bool> ProtectAsync(SimulatedCluster sim, string prefix, IReadOnlyList<string> nodesByPriority, string address, SwitchbackMode switchback = SwitchbackMode.Intelligent)
    {
        ArgumentNullException.ThrowIfNull(sim);
        foreach (var c in Commands(prefix, nodesByPriority, address, switchback))
        {
            var r = await sim.SubmitAsync(c);
            if (r.Refused)
            {
                return false;
            }
        }

        return await sim.RunUntilAsync(() => sim.IsInServiceOn($"{prefix}-app", nodesByPriority[0]), TimeSpan.FromSeconds(5));
    }
}
