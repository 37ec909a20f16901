using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Specs.Unit.Support;

namespace Vigil.Specs.Unit.Engine;

public sealed class CleanupAndSwitchbackSpecs
{
    private static readonly string[] ThreeNodes = ["node1", "node2", "node3"];

    [Fact]
    public void Cleanup_AfterAFailoverFailedEverywhere_OsfBackToOsuAndCountsCleared()
    {
        using var d = Driver.Protected(ThreeNodes);
        d.Accept(new MembershipInputs.DeclareNodeDead("node1", "test"));
        d.Settle(a => a.Tag == "web-ip");
        d.Accept(new MembershipInputs.ReportNodeRejoined("node1"));
        Assert.Equal(InstanceState.Osf, d.Instance("web-ip", "node2").State);

        d.Accept(new MaintenanceCommands.CleanupResource("web-app"));

        Assert.All(d.State.Resources.Values, r => Assert.All(r.Instances.Values, i =>
        {
            Assert.Equal(InstanceState.Osu, i.State);
            Assert.Equal(0, i.FailureCount);
        }));
        Assert.Empty(d.State.Operations);
    }

    [Fact]
    public void Cleanup_OfAResourceInService_LeavesItsStateAndClearsItsCounts()
    {
        using var d = Driver.Protected(ThreeNodes);
        d.CheckFails("web-fs", "node1");
        d.Settle();

        d.Accept(new MaintenanceCommands.CleanupResource("web-fs"));

        Assert.True(d.InServiceOn("node1"));
        Assert.Equal(0, d.Instance("web-fs", "node1").FailureCount);
    }

    [Fact]
    public void Cleanup_WhileAnOperationRuns_RefusedBusy()
    {
        using var d = Driver.Protected(ThreeNodes);
        d.Accept(new OperatorCommands.Switchover("web-app", "node2"));

        var refused = d.Decide(new MaintenanceCommands.CleanupResource("web-fs"));

        Assert.Equal("busy", refused.Error!.Code);
    }

    [Fact]
    public void AutomaticSwitchback_LowerPriorityNodeRejoins_NeverMovesFromHigherToLower()
    {
        using var d = Driver.Protected(ThreeNodes, SwitchbackMode.Automatic);
        d.Accept(new MembershipInputs.DeclareNodeDead("node1", "test"));
        d.Settle();
        d.Accept(new MembershipInputs.DeclareNodeDead("node3", "test"));

        d.Accept(new MembershipInputs.ReportNodeRejoined("node3"));

        Assert.Empty(d.State.Operations);
        Assert.True(d.InServiceOn("node2"));
    }

    [Fact]
    public void AutomaticSwitchback_HigherPriorityNodeRejoins_MovesBackToIt()
    {
        using var d = Driver.Protected(ThreeNodes, SwitchbackMode.Automatic);
        d.Accept(new MembershipInputs.DeclareNodeDead("node1", "test"));
        d.Settle();

        d.Accept(new MembershipInputs.ReportNodeRejoined("node1"));
        d.Settle();

        Assert.True(d.InServiceOn("node1"));
        Assert.Single(d.Decisions<OperationEvents.OperationStarted>(), s => s.Kind == OperationKind.Switchback);
    }

    [Fact]
    public void AutomaticSwitchback_ToANodeWhereItFailedTooOften_DoesNotHappen()
    {
        using var d = Driver.Protected(ThreeNodes, SwitchbackMode.Automatic);
        for (var i = 0; i < 3; i++)
        {
            d.CheckFails("web-app", "node1");
            d.Settle();
        }

        d.Accept(new MembershipInputs.DeclareNodeDead("node1", "test"));
        d.Accept(new MembershipInputs.ReportNodeRejoined("node1"));

        Assert.Empty(d.State.Operations);
        Assert.True(d.InServiceOn("node2"));
    }
}
