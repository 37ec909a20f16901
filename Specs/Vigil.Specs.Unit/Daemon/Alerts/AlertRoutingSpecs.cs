using Vigil.Daemon.Configuration;
using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Journal;

namespace Vigil.Specs.Unit.Daemon.Alerts;

/// <summary>Which events an alert wants, which node queues them, and how bad alert sections are refused.</summary>
public sealed class AlertRoutingSpecs
{
    private const string Hook = """
        [alert ops]
        events = failover, node.dead, resource.osf, path.dead
        webhook = http://127.0.0.1:9/hook
        """;

    [Fact]
    public async Task ReplicatedEvent_IsQueuedOnlyByTheFirstMemberAliveAsOfThatEvent()
    {
        using var onB = new AlertRig(Hook, local: "b");
        using var onC = new AlertRig(Hook, local: "c");
        foreach (var rig in new[] { onB, onC })
        {
            await rig.JournalAsync(new OperationEvents.OperationStarted(1, OperationKind.Failover, ["web"], "x", "a", [], "test"));
            await rig.JournalAsync(AlertRig.Dead("a"));
        }

        // a is alive for the first event (a delivers it); from a's death on, b is the first member alive.
        Assert.Equal(["000000000002.json"], onB.Outbox.Pending("ops").Select(Path.GetFileName));
        Assert.Empty(onC.Outbox.Pending("ops"));
    }

    [Fact]
    public async Task LocalObservation_IsQueuedByTheNodeThatObservedIt()
    {
        using var onC = new AlertRig(Hook, local: "c");
        await onC.JournalAsync(new MembershipInputs.ReportPathState("c", "a", "udp", false, 500), EventKind.Input);
        await onC.JournalAsync(new MembershipInputs.ReportPathState("c", "a", "udp", true, 0), EventKind.Input);

        Assert.Single(onC.Outbox.Pending("ops"));
    }

    [Fact]
    public async Task Filter_MatchesAliasesStatesAndTypePrefixesOnly()
    {
        using var rig = new AlertRig("""
            [alert ops]
            events = resource.osf, operation.failed
            webhook = http://127.0.0.1:9/hook
            """, local: "a");
        await rig.JournalAsync(new InstanceEvents.InstanceTransitioned("web", "a", InstanceTrigger.RecoverFailed, InstanceState.Isp, InstanceState.Osf, "check failed"));
        await rig.JournalAsync(new InstanceEvents.InstanceTransitioned("web", "a", InstanceTrigger.RestoreSucceeded, InstanceState.Restoring, InstanceState.Isp, "ok"));
        await rig.JournalAsync(new OperationEvents.OperationFailed(3, ["no node left"]));
        await rig.JournalAsync(new OperationEvents.OperationCompleted(3, "a"));

        Assert.Equal(["000000000001.json", "000000000003.json"], rig.Outbox.Pending("ops").Select(Path.GetFileName));
    }

    [Fact]
    public async Task Router_AfterARestart_QueuesNothingBeforeItsCursorAgain()
    {
        string dir;
        using (var first = new AlertRig(Hook, local: "a"))
        {
            dir = first.Dir;
            await first.JournalAsync(AlertRig.Dead("b"));
        }

        using var second = new AlertRig(Hook, local: "a", dir: dir);
        await second.JournalAsync(AlertRig.Dead("b")); // position 1 again: already routed
        await second.JournalAsync(AlertRig.Dead("c"));

        Assert.Equal(["000000000001.json", "000000000002.json"], second.Outbox.Pending("ops").Select(Path.GetFileName));
    }

    [Theory]
    [InlineData("events = failover, nodes.dead\nwebhook = http://h/x", "alert ops.events", "'nodes.dead' matches no event")]
    [InlineData("events = failover\nwebhook = http://h/x\nscript = /bin/true", "alert ops.script", "exactly one of")]
    [InlineData("events = failover\nwebhook = ftp://h/x", "alert ops.webhook", "not an http(s) URL")]
    [InlineData("events = failover\nwebhook = https://user:hunter2@h/x", "alert ops.webhook", "no credentials in the URL")]
    [InlineData("events = failover\nscript = /nonexistent/hook", "alert ops.script", "does not exist")]
    [InlineData("events = failover\nwebhook = http://h/x\nretry-max-ms = soon", "alert ops.retry-max-ms", "'soon' is not a whole number")]
    public void AlertSection_BadValue_IsRefusedNamingLineAndField(string body, string field, string problem)
    {
        var e = Assert.Throws<ConfigException>(() => new AlertRig($"[alert ops]\n{body}"));
        Assert.Equal(field, e.Field);
        Assert.Contains(problem, e.Message, StringComparison.Ordinal);
        Assert.True(e.Line > 20, e.Message);
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
    }
}
