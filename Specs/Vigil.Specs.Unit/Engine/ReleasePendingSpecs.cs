using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Specs.Unit.Support;

namespace Vigil.Specs.Unit.Engine;

/// <summary>
/// Issue 4/8: the replicated state knows what a node declared dead may still run (<c>ReleasePending</c>) until that node
/// proves it stopped, so the pending release outlives any vigild restart (it is projected from the journal).
/// </summary>
public sealed class ReleasePendingSpecs
{
    private static readonly string[] ThreeNodes = ["node1", "node2", "node3"];
    private static readonly string[] Web = ["web-app", "web-fs", "web-ip"];

    /// <summary>web on node1, node1 declared dead (lease expired, not fenced), taken over by node2.</summary>
    private static Driver TakenOverFromNode1(bool rejoined = true)
    {
        var d = Driver.Protected(ThreeNodes);
        d.Accept(new MembershipInputs.DeclareNodeDead("node1", "lease expired"));
        d.Settle();
        Assert.True(d.InServiceOn("node2"));
        if (rejoined)
        {
            d.Accept(new MembershipInputs.ReportNodeRejoined("node1"));
        }

        return d;
    }

    [Fact]
    public void DeclareNodeDead_ActiveInstances_ReleasePendingThroughTheRejoin()
    {
        using var d = TakenOverFromNode1(rejoined: false);

        Assert.All(Web, t => Assert.True(d.Instance(t, "node1").ReleasePending, t));
        d.Accept(new MembershipInputs.ReportNodeRejoined("node1"));

        Assert.All(Web, t => Assert.Equal((InstanceState.Osu, true), (d.Instance(t, "node1").State, d.Instance(t, "node1").ReleasePending)));
        Assert.All(Web, t => Assert.False(d.Instance(t, "node2").ReleasePending, t));
        Assert.Contains(" release-pending reason=", d.State.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void DeclareNodeDead_OsfInstance_ReleasePendingToo()
    {
        using var d = Driver.Protected(ThreeNodes);
        // A failed check left web-ip OSF on node1 (its address may still be up there) when node1 is declared dead.
        d.State.Apply(new InstanceEvents.InstanceTransitioned("web-ip", "node1", InstanceTrigger.CheckFailed, InstanceState.Isp, InstanceState.Osf, "address gone"));
        d.Accept(new MembershipInputs.DeclareNodeDead("node1", "lease expired"));

        Assert.True(d.Instance("web-ip", "node1").ReleasePending);
        Assert.False(d.Instance("web-ip", "node3").ReleasePending);
    }

    [Fact]
    public void ReportReleased_PendingInstance_ReleasedTheOthersStillPending()
    {
        using var d = TakenOverFromNode1();

        var decision = d.Accept(new MembershipInputs.ReportReleased("node1", "web-app"));

        var released = Assert.Single(decision.Events.OfType<InstanceEvents.InstanceReleased>());
        Assert.Equal(("web-app", "node1"), (released.Tag, released.Node));
        Assert.False(d.Instance("web-app", "node1").ReleasePending);
        Assert.True(d.Instance("web-fs", "node1").ReleasePending);
        Assert.Equal(InstanceState.Osu, d.Instance("web-app", "node1").State);
    }

    [Fact]
    public void ReportReleased_NothingPending_DecidesNothing()
    {
        using var d = Driver.Protected(ThreeNodes);

        Assert.Empty(d.Accept(new MembershipInputs.ReportReleased("node2", "web-app")).Events);
        Assert.Empty(d.Accept(new MembershipInputs.ReportReleased("node1", "web-app")).Events); // in service there
    }

    [Fact]
    public void ReportReleaseFailed_TheEnginesRemoveSucceeds_NoLongerPending()
    {
        using var d = TakenOverFromNode1();

        d.Accept(new MembershipInputs.ReportReleaseFailed("node1", "web-app", "failed: umount: target is busy"));
        Assert.True(d.Instance("web-app", "node1").ReleasePending); // removing: not yet proven stopped
        d.Settle();

        Assert.Equal((InstanceState.Osu, false), (d.Instance("web-app", "node1").State, d.Instance("web-app", "node1").ReleasePending));
    }

    [Fact]
    public void ReportReleaseFailed_TheEnginesRemoveFailsToo_StillPendingOsf()
    {
        using var d = TakenOverFromNode1();

        d.Accept(new MembershipInputs.ReportReleaseFailed("node1", "web-app", "failed: umount: target is busy"));
        d.Settle(fail: a => a.Node == "node1");

        Assert.Equal((InstanceState.Osf, true), (d.Instance("web-app", "node1").State, d.Instance("web-app", "node1").ReleasePending));
    }

    [Fact]
    public void Cleanup_PendingInstances_TheOperatorVouchesTheyAreStopped()
    {
        using var d = TakenOverFromNode1();
        d.Accept(new MembershipInputs.ReportReleaseFailed("node1", "web-app", "failed: umount: target is busy"));
        d.Settle(fail: a => a.Node == "node1");

        var decision = d.Accept(new MaintenanceCommands.CleanupResource("web-app"));

        Assert.Equal(Web, decision.Events.OfType<InstanceEvents.InstanceReleased>().Select(r => r.Tag).Order(StringComparer.Ordinal));
        Assert.All(Web, t => Assert.False(d.Instance(t, "node1").ReleasePending, t));
        Assert.True(d.InServiceOn("node2"));
    }

    [Fact]
    public void Switchover_BackToTheNode_TheRestoreEndsThePendingRelease()
    {
        using var d = TakenOverFromNode1();
        Assert.All(Web, t => Assert.True(d.Instance(t, "node1").ReleasePending, t));

        d.Accept(new OperatorCommands.Switchover("web-app", "node1"));
        d.Settle();

        Assert.True(d.InServiceOn("node1"));
        Assert.All(Web, t => Assert.False(d.Instance(t, "node1").ReleasePending, t));
    }
}
