using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Specs.Unit.Support;

namespace Vigil.Specs.Unit.Engine;

/// <summary>Check results: recover in place first, then fail the hierarchy over (LifeKeeper's local recovery).</summary>
public sealed class LocalRecoverySpecs
{
    private static readonly string[] ThreeNodes = ["node1", "node2", "node3"];

    [Fact]
    public void CheckFailed_OnIspInstance_CountsAFailureAndRecoversInPlace()
    {
        using var d = Driver.Protected(ThreeNodes);

        d.CheckFails("web-fs", "node1");

        var counted = Assert.Single(d.Decisions<InstanceEvents.FailureCounted>());
        Assert.Equal((1, d.Now, d.Now + TimeSpan.FromHours(1)), (counted.Count, counted.At, counted.ExpiresAt!.Value));
        Assert.Equal(InstanceState.Recovering, d.Instance("web-fs", "node1").State);
        var recover = Assert.Single(d.Decisions<InstanceEvents.ActionRequested>(), a => a.Action == KitAction.Recover);
        Assert.Equal(("web-fs", "node1"), (recover.Tag, recover.Node));
    }

    [Fact]
    public void Recover_Succeeds_InstanceBackToIspAndNothingMoves()
    {
        using var d = Driver.Protected(ThreeNodes);
        d.CheckFails("web-fs", "node1");

        d.Settle();

        Assert.True(d.InServiceOn("node1"));
        Assert.DoesNotContain(d.Decisions<OperationEvents.OperationStarted>(), s => s.Kind == OperationKind.Failover);
        Assert.Equal(1, d.Instance("web-fs", "node1").FailureCount);
    }

    [Fact]
    public void Recover_Fails_HierarchyIsRemovedTopDownThenRestoredOnTheHighestPriorityCandidate()
    {
        using var d = Driver.Protected(ThreeNodes);
        d.CheckFails("web-fs", "node1");

        d.Settle(a => a.Action == KitAction.Recover);

        Assert.True(d.InServiceOn("node2"));
        Assert.Equal(InstanceState.Osu, d.Instance("web-fs", "node1").State); // the failed member is removed too: it may still run
        Assert.Equal(InstanceState.Osu, d.Instance("web-app", "node1").State);
        Assert.Equal(InstanceState.Osu, d.Instance("web-ip", "node1").State);
        var failover = Assert.Single(d.Decisions<OperationEvents.OperationStarted>(), s => s.Kind == OperationKind.Failover);
        Assert.Equal(("node1", "node2"), (failover.From, failover.Target));
        Assert.Contains("recover of web-fs on node1 failed", failover.Cause, StringComparison.Ordinal);
        var order = d.Decisions<InstanceEvents.ActionRequested>().Where(a => a.OperationId == failover.OperationId).Select(a => $"{a.Action} {a.Tag}@{a.Node}").ToList();
        Assert.True(order.IndexOf("Remove web-app@node1") < order.IndexOf("Remove web-ip@node1"), string.Join(", ", order));
        Assert.True(order.IndexOf("Remove web-ip@node1") < order.IndexOf("Restore web-ip@node2"), string.Join(", ", order));
        Assert.True(order.IndexOf("Remove web-app@node1") < order.IndexOf("Remove web-fs@node1"), string.Join(", ", order));
        Assert.True(order.IndexOf("Remove web-fs@node1") >= 0 && order.IndexOf("Remove web-fs@node1") < order.IndexOf("Restore web-fs@node2"), string.Join(", ", order));
        Assert.True(order.IndexOf("Restore web-fs@node2") < order.IndexOf("Restore web-app@node2"), string.Join(", ", order));
    }

    [Fact]
    public void Recover_FailsAndNoNodeCanTakeIt_EndsOsfWithReasonsAndNoLoop()
    {
        using var d = Driver.Protected(["node1", "node2"]);
        d.Accept(new MembershipInputs.DeclareNodeDead("node2", "test"));
        d.CheckFails("web-app", "node1", "port closed");

        d.Settle(a => a.Action == KitAction.Recover);

        var failed = Assert.Single(d.Decisions<OperationEvents.OperationFailed>());
        Assert.Contains(failed.Reasons, r => r.Contains("recover of web-app on node1 failed", StringComparison.Ordinal));
        Assert.Equal(InstanceState.Osf, d.Instance("web-app", "node1").State);
        Assert.Empty(d.State.Operations);
        Assert.Empty(d.State.PendingActions);
    }

    [Fact]
    public void Remove_FailsDuringTheFailoverAfterRecovery_LeftOsfThereAndNeverRestoredElsewhere()
    {
        using var d = Driver.Protected(ThreeNodes);
        d.CheckFails("web-fs", "node1");

        d.Settle(a => a.Action == KitAction.Recover || (a.Action == KitAction.Remove && a.Tag == "web-app"));

        Assert.Equal(InstanceState.Osf, d.Instance("web-app", "node1").State);
        Assert.Single(d.Decisions<OperationEvents.OperationFailed>());
        Assert.DoesNotContain(d.Decisions<InstanceEvents.ActionRequested>(), a => a.Action == KitAction.Restore && a.Node != "node1");
        Assert.All(new[] { "node2", "node3" }, n => Assert.All(d.State.Resources.Values, r => Assert.Equal(InstanceState.Osu, r.Instances[n].State)));
    }

    [Fact]
    public void CheckFailed_AtTheResourcesThreshold_FailsOverWithoutRecovering()
    {
        using var d = Driver.Protected(ThreeNodes);
        d.CheckFails("web-app", "node1");
        d.Settle();
        d.CheckFails("web-app", "node1");
        d.Settle();

        d.CheckFails("web-app", "node1", "third time");

        Assert.Equal(2, d.Decisions<InstanceEvents.ActionRequested>().Count(a => a.Action == KitAction.Recover));
        var fail = Assert.Single(d.Decisions<InstanceEvents.InstanceTransitioned>(), t => t.Trigger == InstanceTrigger.CheckFailed);
        Assert.Contains("3 failures, threshold 3", fail.Reason, StringComparison.Ordinal);
        d.Settle();
        Assert.True(d.InServiceOn("node2"));
    }

    [Fact]
    public void Degraded_WhileIsp_GoesIsuAndHealthyBringsItBackToIsp()
    {
        using var d = Driver.Protected(ThreeNodes);

        d.Accept(new KitInputs.ReportCheckResult("web-fs", "node1", KitAction.DeepCheck, CheckVerdict.Degraded, "95% full"));
        Assert.Equal(InstanceState.Isu, d.Instance("web-fs", "node1").State);
        d.Accept(new KitInputs.ReportCheckResult("web-fs", "node1", KitAction.DeepCheck, CheckVerdict.Healthy, string.Empty));

        Assert.Equal(InstanceState.Isp, d.Instance("web-fs", "node1").State);
        Assert.Equal([InstanceTrigger.Degrade, InstanceTrigger.Heal],
            d.Decisions<InstanceEvents.InstanceTransitioned>().Where(t => t.Tag == "web-fs" && t.Node == "node1").Skip(3).Select(t => t.Trigger));
        Assert.Empty(d.State.PendingActions);
    }

    [Fact]
    public void CheckFailed_OnIsuInstance_RecoversToIsp()
    {
        using var d = Driver.Protected(ThreeNodes);
        d.Accept(new KitInputs.ReportCheckResult("web-fs", "node1", KitAction.DeepCheck, CheckVerdict.Degraded, "95% full"));

        d.CheckFails("web-fs", "node1");
        d.Settle();

        Assert.Equal(InstanceState.Isp, d.Instance("web-fs", "node1").State);
    }

    [Fact]
    public void CheckResult_ThatNoLongerFits_IsAcceptedAndDecidesNothing()
    {
        using var d = Driver.Protected(ThreeNodes);

        var onBackup = d.CheckFails("web-app", "node2");
        var healthyIsp = d.Accept(new KitInputs.ReportCheckResult("web-app", "node1", KitAction.QuickCheck, CheckVerdict.Healthy, string.Empty));

        Assert.Empty(onBackup.Events);
        Assert.Empty(healthyIsp.Events);
    }

    [Fact]
    public void CheckResult_DuringAnOperation_DecidesNothing()
    {
        using var d = Driver.Protected(ThreeNodes);
        d.Accept(new OperatorCommands.Switchover("web-app", "node2"));

        var during = d.CheckFails("web-ip", "node1");

        Assert.Empty(during.Events);
        d.Settle();
        Assert.True(d.InServiceOn("node2"));
    }

    [Fact]
    public void CheckResult_UnknownResourceOrNotExtended_RefusedNamingIt()
    {
        using var d = new Driver("node1", "node2");
        Clusters.Accept(d.Engine, Clusters.App("solo", "node1"));

        var unknown = d.Decide(new KitInputs.ReportCheckResult("ghost", "node1", KitAction.QuickCheck, CheckVerdict.Failed, "x"));
        var elsewhere = d.Decide(new KitInputs.ReportCheckResult("solo", "node2", KitAction.QuickCheck, CheckVerdict.Failed, "x"));

        Assert.Equal("unknown-resource", unknown.Error!.Code);
        Assert.Contains("'ghost'", unknown.Error.Message, StringComparison.Ordinal);
        Assert.Equal("not-extended", elsewhere.Error!.Code);
    }
}
