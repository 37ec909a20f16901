using Vigil.Engine.Commands;
using Vigil.Engine.Decisions;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Specs.Unit.Support;
using static Vigil.Engine.Commands.ConfigurationCommands;

namespace Vigil.Specs.Unit.Engine;

/// <summary>Failure counts per instance, with expiry judged on journaled time only, and what they do to failover.</summary>
public sealed class FailureCountSpecs
{
    private static readonly string[] ThreeNodes = ["node1", "node2", "node3"];

    /// <summary>Fails web-app on node1 three times (two recoveries, then the threshold): the hierarchy leaves for node2.</summary>
    private static Driver FailedThreeTimesOnNode1()
    {
        var d = Driver.Protected(ThreeNodes);
        for (var i = 0; i < 3; i++)
        {
            d.Now += TimeSpan.FromMinutes(1);
            d.CheckFails("web-app", "node1");
            d.Settle();
        }

        Assert.True(d.InServiceOn("node2"));
        return d;
    }

    [Fact]
    public void Failures_AtTheThreshold_NodeIsNoFailoverCandidate()
    {
        using var d = FailedThreeTimesOnNode1();

        d.Accept(new MembershipInputs.DeclareNodeDead("node2", "test"));
        d.Settle();

        Assert.True(d.InServiceOn("node3"));
        var failover = d.Decisions<OperationEvents.OperationStarted>().Last();
        Assert.Equal("node3", failover.Target);
        Assert.DoesNotContain("node1", failover.Fallbacks);
    }

    [Fact]
    public void Failures_OnceExpired_NodeIsACandidateAgain()
    {
        using var d = FailedThreeTimesOnNode1();
        d.Now += TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1);

        d.Accept(new MembershipInputs.DeclareNodeDead("node2", "test"));
        d.Settle();

        Assert.True(d.InServiceOn("node1"));
    }

    [Fact]
    public void Failures_ExpireTogetherAnHourAfterTheLatest()
    {
        using var d = FailedThreeTimesOnNode1();
        var app = d.Instance("web-app", "node1");

        Assert.Equal(3, app.FailureCount);
        Assert.Equal(d.Now, app.LastFailureAt);
        Assert.Equal(d.Now + FailurePolicy.DefaultExpiry, app.FailuresExpireAt);
        Assert.Equal(3, app.ActiveFailures(d.Now + TimeSpan.FromMinutes(59)));
        Assert.Equal(0, app.ActiveFailures(d.Now + FailurePolicy.DefaultExpiry));
    }

    [Fact]
    public void Cleanup_ClearsTheCounts_NodeIsACandidateAgain()
    {
        using var d = FailedThreeTimesOnNode1();

        d.Accept(new MaintenanceCommands.CleanupResource("web-ip"));
        d.Accept(new MembershipInputs.DeclareNodeDead("node2", "test"));
        d.Settle();

        Assert.True(d.InServiceOn("node1"));
        Assert.Contains(d.Decisions<InstanceEvents.FailuresCleared>(), c => c.Tag == "web-app" && c.Node == "node1");
    }

    [Fact]
    public void FailedRestore_IsCountedOnItsInstance()
    {
        using var d = Driver.Protected(ThreeNodes);

        d.Accept(new MembershipInputs.DeclareNodeDead("node1", "test"));
        d.Settle(a => a.Action == KitAction.Restore && a.Node == "node2" && a.Tag == "web-ip");

        Assert.Equal(1, d.Instance("web-ip", "node2").FailureCount);
        Assert.True(d.InServiceOn("node3"));
    }

    [Fact]
    public void EngineParameters_SetThresholdAndExpiryPerResource()
    {
        using var d = new Driver(ThreeNodes);
        d.Accept(new CreateResource("app", "app", "node1", Clusters.Params((FailurePolicy.ThresholdParameter, "1"), (FailurePolicy.ExpiryParameter, "0"))));

        var r = d.State.Resources["app"];

        Assert.Equal(1, r.FailureThreshold);
        Assert.Null(r.FailureExpiry);
    }

    [Theory]
    [InlineData(FailurePolicy.ThresholdParameter, "0", "below the minimum 1")]
    [InlineData(FailurePolicy.ExpiryParameter, "an hour", "not an integer")]
    [InlineData("vigil.failure-treshold", "3", "not an engine parameter")]
    public void EngineParameters_BadValueOrName_RefusedNamingIt(string name, string value, string problem)
    {
        using var d = new Driver(ThreeNodes);

        var refused = d.Decide(new CreateResource("app", "app", "node1", Clusters.Params((name, value))));

        Assert.Equal("invalid-parameter", refused.Error!.Code);
        Assert.Contains($"'{name}'", refused.Error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, refused.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_WithoutATime_JudgesExpiryAtTheLastJournaledTime()
    {
        using var d = FailedThreeTimesOnNode1();
        var last = d.State.Now;

        // No time given (a replicated engine rebuilding): the clock stays where the journal left it, never reads the wall.
        d.Engine.Decide(new MembershipInputs.DeclareNodeDead("node2", "test"));

        Assert.Equal(last, d.State.Now);
        Assert.Equal("node3", d.State.Operations.Values.Single().Target);
    }
}
