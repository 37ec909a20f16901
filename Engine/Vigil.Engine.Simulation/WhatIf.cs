using Vigil.Engine.Model;
using Vigil.Journal;

namespace Vigil.Engine.Simulation;

/// <summary>
/// A simulated copy of a live cluster for what-if questions (`vigil simulate what-if`): the engine opens on the live
/// history (so its state is the live state), the simulated nodes are up or crashed and run what is in service as the
/// live state says, and from then on everything — heartbeats, checks, kit actions — is simulated. Nothing reaches the
/// real cluster.
/// </summary>
public static class WhatIf
{
    /// <param name="history">The live cluster's merged history, in replay order.</param>
    /// <param name="now">The live moment the copy starts at (virtual time continues from it).</param>
    /// <returns>The cluster and the store position after which the simulated decisions start.</returns>
    public static async Task<(SimulatedCluster Cluster, InMemoryJournalStore Store, long Start)> FromHistoryAsync(
        IReadOnlyList<RecordedEvent> history, DateTimeOffset now, int seed, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(history);
        var store = new InMemoryJournalStore();
        if (history.Count > 0)
        {
            await store.AppendAsync([.. history.Select(e => e.Envelope)], null, cancellationToken);
        }

        var live = Audit.HistoryProjection.At(history, now);
        if (live.Nodes.Count < 2)
        {
            throw new InvalidOperationException($"the history has {live.Nodes.Count} node(s); a what-if needs a cluster of at least 2");
        }

        // The deciding node must be alive: the first live node decides, as a surviving leader would.
        var nodes = live.Nodes.Values.OrderBy(n => n.Alive ? 0 : 1).ThenBy(n => n.Name, StringComparer.Ordinal).Select(n => n.Name).ToList();
        var types = live.Nodes.Values.SelectMany(n => n.Types.Keys).Distinct(StringComparer.Ordinal).ToList();
        var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = seed, Nodes = nodes, ResourceTypes = types, Start = now }, store, cancellationToken);
        foreach (var dead in live.Nodes.Values.Where(n => !n.Alive))
        {
            sim.Crash(dead.Name);
        }

        foreach (var r in live.Resources.Values)
        {
            foreach (var i in r.Instances.Values.Where(i => i.State is InstanceState.Isp or InstanceState.Isu))
            {
                sim.Nodes[i.Node].Running.Add(r.Tag);
            }
        }

        return (sim, store, store.Events.Count);
    }
}
