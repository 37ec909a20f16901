using Vigil.Daemon.Runtime;
using Vigil.Engine.Model;
using Vigil.Engine.State;

namespace Vigil.Daemon.Quorum;

/// <summary>
/// What a node's quorum-loss action does to each of its instances, parents first (the order remove goes in). Every
/// instance that may run here counts: the active ones and the OSF ones too — a failed check, restore or remove can leave
/// an instance half up (an address, a mount, a process), and whatever the majority restores after the lease would
/// collide with it. <c>osu</c> and <c>fastkill</c> remove them all. <c>freeze</c> keeps serving what serves (the
/// active instances, frozen: no checks, no recovery) but removes the OSF ones: they serve nothing, so keeping them only
/// stands in the way of the takeover.
/// </summary>
internal sealed record QuorumLossPlan(IReadOnlyList<LocalWork> Held, IReadOnlyList<LocalWork> Remove)
{
    public static QuorumLossPlan For(ClusterState state, string node, QuorumLossAction action)
    {
        ArgumentNullException.ThrowIfNull(state);
        var held = state.Resources.Values
            .Where(r => r.Instances.TryGetValue(node, out var i) && (i.State.IsActive() || i.State == InstanceState.Osf))
            .OrderBy(r => state.Ancestors(r.Tag).Length)
            .ThenBy(r => r.Tag, StringComparer.Ordinal)
            .Select(r => (Failed: r.Instances[node].State == InstanceState.Osf, Work: new LocalWork(0, r.Tag, r.Type, KitAction.Remove, r.Parameters)))
            .ToList();
        return new([.. held.Select(h => h.Work)], [.. held.Where(h => h.Failed || action != QuorumLossAction.Freeze).Select(h => h.Work)]);
    }

    /// <summary>What stays running, frozen (freeze only), parents first.</summary>
    public IReadOnlyList<LocalWork> Frozen => [.. Held.Where(w => !Remove.Contains(w))];
}
