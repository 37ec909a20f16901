using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Engine.State;
using Vigil.Engine.StateMachines;
using Vigil.Specs.Support;
using Vigil.Specs.Unit.Support;

namespace Vigil.Specs.Unit.Engine;

public sealed class InstanceLifecycleSpecs
{
    [Fact]
    public void MermaidGraph_OfTheLifecycle_MatchesSnapshot() => Snap.Match(InstanceLifecycle.ToMermaid());

    [Fact]
    public void ArchitectureDoc_EmbedsTheCurrentGraph()
    {
        var doc = File.ReadAllText(Path.Combine(RepoPaths.Root, "docs", "architecture.md"));
        Assert.Contains(InstanceLifecycle.ToMermaid().Trim(), doc.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(InstanceState.Osu, InstanceTrigger.Restore, InstanceState.Restoring)]
    [InlineData(InstanceState.Restoring, InstanceTrigger.RestoreFailed, InstanceState.Osf)]
    [InlineData(InstanceState.Isp, InstanceTrigger.NodeLost, InstanceState.Osf)]
    [InlineData(InstanceState.Osf, InstanceTrigger.NodeReturned, InstanceState.Osu)]
    [InlineData(InstanceState.Isp, InstanceTrigger.Recover, InstanceState.Recovering)]
    public void Machine_PermittedTrigger_MovesToTheTableTarget(InstanceState from, InstanceTrigger trigger, InstanceState to)
    {
        var state = from;
        var machine = InstanceLifecycle.Create(() => state, s => state = s);

        machine.Fire(trigger);

        Assert.Equal(to, state);
        Assert.True(InstanceLifecycle.TryGetTarget(from, trigger, out var predicted));
        Assert.Equal(to, predicted);
    }

    [Theory]
    [InlineData(InstanceState.Osu, InstanceTrigger.RestoreSucceeded)]
    [InlineData(InstanceState.Isp, InstanceTrigger.Restore)]
    [InlineData(InstanceState.IllState, InstanceTrigger.Remove)]
    [InlineData(InstanceState.Osu, InstanceTrigger.NodeLost)]
    public void Machine_ImpossibleTrigger_CannotFire(InstanceState from, InstanceTrigger trigger)
    {
        var state = from;
        var machine = InstanceLifecycle.Create(() => state, s => state = s);

        Assert.False(machine.CanFire(trigger));
        Assert.False(InstanceLifecycle.TryGetTarget(from, trigger, out _));
    }

    [Fact]
    public void Apply_ImpossibleTransition_RecordsAnomalyInsteadOfThrowing()
    {
        using var engine = Clusters.WithNodes("node1");
        Clusters.Accept(engine, Clusters.App("app", "node1"));

        engine.Apply(new InstanceEvents.InstanceTransitioned("app", "node1", InstanceTrigger.RestoreSucceeded, InstanceState.Osu, InstanceState.Isp, "forged"));

        var anomaly = Assert.Single(engine.State.Anomalies);
        Assert.Contains("RestoreSucceeded is impossible from OSU", anomaly.Description, StringComparison.Ordinal);
        Assert.Equal(InstanceState.Osu, engine.State.FindInstance("app", "node1")!.State);
    }

    [Fact]
    public void Apply_EventForUnknownResource_RecordsAnomaly()
    {
        var state = new ClusterState();

        state.Apply(new ResourceEvents.ResourceExtended("ghost", "node1", 2));
        state.Apply(new OperationEvents.OperationCompleted(42, "node1"));

        Assert.Equal(2, state.Anomalies.Count);
        Assert.Equal(2, state.AppliedCount);
    }
}
