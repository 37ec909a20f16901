using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Specs.Unit.Support;
using static Vigil.Engine.Commands.MaintenanceCommands;

namespace Vigil.Specs.Unit.Engine;

/// <summary>Maintenance (unmanaged) mode per hierarchy and per node: the engine leaves it alone until it ends.</summary>
public sealed class MaintenanceSpecs
{
    private static readonly string[] ThreeNodes = ["node1", "node2", "node3"];

    [Fact]
    public void SetResourceMaintenance_OnAChild_PutsTheWholeHierarchyInMaintenance()
    {
        using var d = Driver.Protected(ThreeNodes);

        d.Accept(new SetResourceMaintenance("web-ip", true));

        Assert.All(d.State.Resources.Values, r => Assert.True(r.Maintenance));
        Assert.Equal(3, d.Decisions<ResourceEvents.MaintenanceSet>().Count());
    }

    [Fact]
    public void CheckFailed_WhileHierarchyInMaintenance_IsIgnored()
    {
        using var d = Driver.Protected(ThreeNodes);
        d.Accept(new SetResourceMaintenance("web-app", true));

        var ignored = d.CheckFails("web-fs", "node1");

        Assert.Empty(ignored.Events);
        Assert.True(d.InServiceOn("node1"));
    }

    [Fact]
    public void CheckFailed_WhileItsNodeInMaintenance_IsIgnored()
    {
        using var d = Driver.Protected(ThreeNodes);
        d.Accept(new SetNodeMaintenance("node1", true));

        Assert.Empty(d.CheckFails("web-fs", "node1").Events);
    }

    [Fact]
    public void NodeDies_WhileHierarchyInMaintenance_StaysAsRecordedAndDoesNotFailOver()
    {
        using var d = Driver.Protected(ThreeNodes);
        d.Accept(new SetResourceMaintenance("web-app", true));

        d.Accept(new MembershipInputs.DeclareNodeDead("node1", "test"));

        Assert.True(d.InServiceOn("node1"));
        Assert.Empty(d.State.Operations);
    }

    [Fact]
    public void MaintenanceOff_AfterItsNodeDied_HierarchyFailsOverThen()
    {
        using var d = Driver.Protected(ThreeNodes);
        d.Accept(new SetResourceMaintenance("web-app", true));
        d.Accept(new MembershipInputs.DeclareNodeDead("node1", "test"));

        d.Accept(new SetResourceMaintenance("web-app", false));
        d.Settle();

        Assert.True(d.InServiceOn("node2"));
        Assert.All(d.State.Resources.Values, r => Assert.Equal(InstanceState.Osf, r.Instances["node1"].State));
        Assert.Contains("died while", d.Decisions<OperationEvents.OperationStarted>().Last().Cause, StringComparison.Ordinal);
    }

    [Fact]
    public void NodeMaintenanceOff_AfterTheNodeDied_FailsOverWhatItHeld()
    {
        using var d = Driver.Protected(ThreeNodes);
        d.Accept(new SetNodeMaintenance("node1", true));
        d.Accept(new MembershipInputs.DeclareNodeDead("node1", "test"));
        Assert.True(d.InServiceOn("node1"));

        d.Accept(new SetNodeMaintenance("node1", false));
        d.Settle();

        Assert.True(d.InServiceOn("node2"));
    }

    [Fact]
    public void NodeInMaintenance_IsNoFailoverCandidate()
    {
        using var d = Driver.Protected(ThreeNodes);
        d.Accept(new SetNodeMaintenance("node2", true));

        d.Accept(new MembershipInputs.DeclareNodeDead("node1", "test"));
        d.Settle();

        Assert.True(d.InServiceOn("node3"));
    }

    [Fact]
    public void AutomaticSwitchback_ToANodeInMaintenance_DoesNotHappen()
    {
        using var d = Driver.Protected(ThreeNodes, SwitchbackMode.Automatic);
        d.Accept(new MembershipInputs.DeclareNodeDead("node1", "test"));
        d.Settle();
        d.Accept(new SetNodeMaintenance("node1", true));

        d.Accept(new MembershipInputs.ReportNodeRejoined("node1"));

        Assert.Empty(d.State.Operations);
        Assert.True(d.InServiceOn("node2"));
    }

    [Theory]
    [InlineData("switchover")]
    [InlineData("restore")]
    [InlineData("remove")]
    public void OperatorMove_OfAHierarchyInMaintenance_RefusedNamingIt(string what)
    {
        using var d = Driver.Protected(ThreeNodes);
        d.Accept(new SetResourceMaintenance("web-app", true));

        var refused = d.Decide(Command(what, "web-ip", "node2"));

        Assert.Equal("maintenance", refused.Error!.Code);
        Assert.Contains("'web-app' is in maintenance", refused.Error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("switchover", "node2")]
    [InlineData("remove", "node1")]
    public void OperatorMove_ToOrFromANodeInMaintenance_RefusedNamingTheNode(string what, string resting)
    {
        using var d = Driver.Protected(ThreeNodes);
        d.Accept(new SetNodeMaintenance(resting, true));

        var refused = d.Decide(Command(what, "web-app", "node2"));

        Assert.Equal("node-maintenance", refused.Error!.Code);
        Assert.Contains($"node '{resting}' is in maintenance", refused.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Restore_OnANodeInMaintenance_Refused()
    {
        using var d = Driver.Protected(ThreeNodes);
        d.Accept(new OperatorCommands.RemoveResource("web-fs"));
        d.Settle();
        d.Accept(new SetNodeMaintenance("node1", true));

        Assert.Equal("node-maintenance", d.Decide(new OperatorCommands.RestoreResource("web-app", "node1")).Error!.Code);
    }

    [Fact]
    public void MaintenanceOn_WhileAnOperationMovesIt_RefusedBusy()
    {
        using var d = Driver.Protected(ThreeNodes);
        d.Accept(new OperatorCommands.Switchover("web-app", "node2"));

        Assert.Equal("busy", d.Decide(new SetResourceMaintenance("web-app", true)).Error!.Code);
        Assert.Equal("busy", d.Decide(new SetNodeMaintenance("node2", true)).Error!.Code);
    }

    [Fact]
    public void SetMaintenance_UnknownResourceOrNode_RefusedNamingIt()
    {
        using var d = Driver.Protected(ThreeNodes);

        Assert.Equal("unknown-resource", d.Decide(new SetResourceMaintenance("ghost", true)).Error!.Code);
        Assert.Contains("'node9'", d.Decide(new SetNodeMaintenance("node9", true)).Error!.Message, StringComparison.Ordinal);
    }

    private static IEngineInput Command(string what, string tag, string node) => what switch
    {
        "switchover" => new OperatorCommands.Switchover(tag, node),
        "restore" => new OperatorCommands.RestoreResource(tag, node),
        _ => new OperatorCommands.RemoveResource(tag),
    };
}
