using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Engine.Runtime;
using Vigil.Engine.Simulation;
using Vigil.Engine.State;

namespace Vigil.Specs.Unit.Support;

/// <summary>
/// Drives a pure engine by hand: inputs at an explicit time, kit actions answered in request order (succeeding
/// unless told otherwise). Every decision made is kept, in order, for assertions.
/// </summary>
internal sealed class Driver : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public Driver(params string[] nodes)
    {
        Engine = Clusters.WithNodes(nodes);
        Now = Start;
    }

    public ClusterEngine Engine { get; }

    public ClusterState State => Engine.State;

    public DateTimeOffset Now { get; set; }

    public List<IDecisionEvent> Decided { get; } = [];

    /// <summary>The sample hierarchy web-app → {web-ip, web-fs}, extended to the nodes in order, in service on the first.</summary>
    public static Driver Protected(string[] nodes, SwitchbackMode switchback = SwitchbackMode.Intelligent)
    {
        var d = new Driver(nodes);
        foreach (var c in SampleHierarchy.Commands("web", nodes, "10.0.0.10/24", switchback))
        {
            d.Accept(c);
        }

        d.Settle();
        Assert.True(d.InServiceOn(nodes[0]));
        return d;
    }

    public Decision Accept(IEngineInput input)
    {
        var d = Decide(input);
        Assert.False(d.Refused, $"{input.GetType().Name} was refused: {d.Error}");
        return d;
    }

    public Decision Decide(IEngineInput input)
    {
        var d = Engine.Decide(input, Now);
        Decided.AddRange(d.Events);
        return d;
    }

    /// <summary>Answers pending kit actions, oldest first, until none is left; <paramref name="fail"/> picks those that fail.</summary>
    public void Settle(Func<PendingAction, bool>? fail = null)
    {
        while (State.PendingActions.Values.FirstOrDefault() is { } a)
        {
            var failed = fail?.Invoke(a) == true;
            Accept(new KitInputs.ReportActionResult(a.ActionId, failed ? ActionOutcome.Failed : ActionOutcome.Succeeded, failed ? $"{a.Action} failed" : string.Empty));
        }
    }

    public Decision CheckFails(string tag, string node, string reason = "process gone") =>
        Accept(new KitInputs.ReportCheckResult(tag, node, KitAction.QuickCheck, CheckVerdict.Failed, reason));

    public InstanceInfo Instance(string tag, string node) => State.FindInstance(tag, node)!;

    public bool InServiceOn(string node) =>
        new[] { "web-app", "web-ip", "web-fs" }.All(t => State.FindInstance(t, node)?.State.IsInService() == true);

    public IEnumerable<T> Decisions<T>() => Decided.OfType<T>();

    public void Dispose() => Engine.Dispose();
}
