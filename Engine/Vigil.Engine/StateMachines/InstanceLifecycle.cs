using System.Collections.Frozen;
using Stateless;
using Stateless.Graph;
using Vigil.Engine.Model;
using Vigil.Engine.State;

namespace Vigil.Engine.StateMachines;

/// <summary>
/// The documented lifecycle of a resource instance: one table, used to configure every Stateless machine,
/// to predict a transition's target before it is journaled, and to draw the graph in docs/architecture.md.
/// Machines have no entry/exit actions: effects happen outside, driven by the decisions.
/// </summary>
public static class InstanceLifecycle
{
    private static readonly InstanceState[] Active =
        [InstanceState.Isp, InstanceState.Isu, InstanceState.Restoring, InstanceState.Removing, InstanceState.Recovering];

    /// <summary>Every permitted (from, trigger) → to.</summary>
    public static readonly IReadOnlyList<(InstanceState From, InstanceTrigger Trigger, InstanceState To)> Transitions = BuildTable();

    private static readonly FrozenDictionary<(InstanceState, InstanceTrigger), InstanceState> Lookup =
        Transitions.ToFrozenDictionary(t => (t.From, t.Trigger), t => t.To);

    /// <summary>The state <paramref name="trigger"/> leads to from <paramref name="from"/>, if permitted.</summary>
    public static bool TryGetTarget(InstanceState from, InstanceTrigger trigger, out InstanceState to) =>
        Lookup.TryGetValue((from, trigger), out to);

    [ThreadStatic]
    private static Shared? t_shared;

    /// <summary>This thread's machine, pointed at <paramref name="instance"/> (machines have no actions, so a fire never re-enters).</summary>
    internal static StateMachine<InstanceState, InstanceTrigger> For(InstanceInfo instance)
    {
        var shared = t_shared ??= new Shared();
        shared.Current = instance;
        return shared.Machine;
    }

    /// <summary>A machine over externally stored state.</summary>
    public static StateMachine<InstanceState, InstanceTrigger> Create(Func<InstanceState> read, Action<InstanceState> write)
    {
        // Immediate firing: the machines have no actions, so nothing can fire re-entrantly, and queuing costs ~5x per fire.
        var machine = new StateMachine<InstanceState, InstanceTrigger>(read, write, FiringMode.Immediate);
        foreach (var group in Transitions.GroupBy(t => t.From))
        {
            var config = machine.Configure(group.Key);
            foreach (var (_, trigger, to) in group)
            {
                if (to == group.Key)
                {
                    config.PermitReentry(trigger);
                }
                else
                {
                    config.Permit(trigger, to);
                }
            }
        }

        return machine;
    }

    /// <summary>The lifecycle as a Mermaid state diagram (snapshot-tested, embedded in docs/architecture.md).</summary>
    public static string ToMermaid()
    {
        var state = InstanceState.IllState;
        var machine = Create(() => state, s => state = s);
        return MermaidGraph.Format(machine.GetInfo());
    }

    private static List<(InstanceState, InstanceTrigger, InstanceState)> BuildTable()
    {
        var t = new List<(InstanceState, InstanceTrigger, InstanceState)>
        {
            (InstanceState.IllState, InstanceTrigger.Create, InstanceState.Osu),
            (InstanceState.Osu, InstanceTrigger.Restore, InstanceState.Restoring),
            (InstanceState.Osf, InstanceTrigger.Restore, InstanceState.Restoring),
            (InstanceState.Restoring, InstanceTrigger.RestoreSucceeded, InstanceState.Isp),
            (InstanceState.Restoring, InstanceTrigger.RestoreFailed, InstanceState.Osf),
            (InstanceState.Isp, InstanceTrigger.Remove, InstanceState.Removing),
            (InstanceState.Isu, InstanceTrigger.Remove, InstanceState.Removing),
            // A failed check, recover or restore leaves an instance OSF on a live node, where it may still run: the
            // operation that moves its hierarchy away removes it there first.
            (InstanceState.Osf, InstanceTrigger.Remove, InstanceState.Removing),
            // A node that lost quorum and could not release what the cluster gave away meanwhile (ReportReleaseFailed).
            (InstanceState.Osu, InstanceTrigger.Remove, InstanceState.Removing),
            (InstanceState.Removing, InstanceTrigger.RemoveSucceeded, InstanceState.Osu),
            (InstanceState.Removing, InstanceTrigger.RemoveFailed, InstanceState.Osf),
            (InstanceState.Isp, InstanceTrigger.Recover, InstanceState.Recovering),
            (InstanceState.Isu, InstanceTrigger.Recover, InstanceState.Recovering),
            (InstanceState.Recovering, InstanceTrigger.RecoverSucceeded, InstanceState.Isp),
            (InstanceState.Recovering, InstanceTrigger.RecoverFailed, InstanceState.Osf),
            (InstanceState.Isp, InstanceTrigger.Degrade, InstanceState.Isu),
            (InstanceState.Isu, InstanceTrigger.Heal, InstanceState.Isp),
            (InstanceState.Isp, InstanceTrigger.CheckFailed, InstanceState.Osf),
            (InstanceState.Isu, InstanceTrigger.CheckFailed, InstanceState.Osf),
            (InstanceState.Osf, InstanceTrigger.NodeReturned, InstanceState.Osu),
            (InstanceState.Osf, InstanceTrigger.Cleanup, InstanceState.Osu),
        };
        foreach (var from in Active)
        {
            t.Add((from, InstanceTrigger.NodeLost, InstanceState.Osf));
        }

        return t;
    }

    private sealed class Shared
    {
        public Shared() => Machine = Create(() => Current?.State ?? InstanceState.IllState, s => Current!.State = s);

        public InstanceInfo? Current { get; set; }

        public StateMachine<InstanceState, InstanceTrigger> Machine { get; }
    }
}
