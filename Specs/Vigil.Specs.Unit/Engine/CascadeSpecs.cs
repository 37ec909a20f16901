using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Specs.Unit.Support;

namespace Vigil.Specs.Unit.Engine;

public sealed class CascadeSpecs
{
    private static readonly string[] ThreeNodes = ["node1", "node2", "node3"];

    /// <summary>Regression (found by the 10,000-schedule campaign): the cascade used to forget the source, which kept running.</summary>
    [Fact]
    public void Switchover_TargetDiesWhileTheSourceIsStillBeingCleared_SourceIsClearedBeforeTheNextCandidateRestores()
    {
        using var d = Driver.Protected(ThreeNodes);
        d.Accept(new OperatorCommands.Switchover("web-app", "node2"));

        d.Accept(new MembershipInputs.DeclareNodeDead("node2", "test"));
        Assert.DoesNotContain(d.State.PendingActions.Values, a => a.Action == KitAction.Restore);
        d.Settle();

        Assert.True(d.InServiceOn("node3"));
        Assert.Equal(["node3"], d.State.ActiveNodes(["web-app", "web-ip", "web-fs"]));
        var cascaded = Assert.Single(d.Decisions<OperationEvents.OperationCascaded>());
        Assert.Equal(("node2", "node3"), (cascaded.FailedNode, cascaded.Target));
    }

    /// <summary>Regression (found in the lab: a node crashed after its restore ran but before the result was committed).</summary>
    [Fact]
    public void Restore_TargetDiesBeforeItsResultIsCommitted_HierarchyIsRestoredOnTheNextPriority()
    {
        using var d = Driver.Protected(ThreeNodes);
        d.Accept(new OperatorCommands.RemoveResource("web-app"));
        d.Settle();
        d.Accept(new OperatorCommands.RestoreResource("web-app", "node1"));
        Assert.Contains(d.State.PendingActions.Values, a => a is { Action: KitAction.Restore, Node: "node1" });

        d.Accept(new MembershipInputs.DeclareNodeDead("node1", "test"));
        d.Settle();

        Assert.True(d.InServiceOn("node2"));
        var cascaded = Assert.Single(d.Decisions<OperationEvents.OperationCascaded>());
        Assert.Equal(("node1", "node2"), (cascaded.FailedNode, cascaded.Target));
    }
}
