using System.Text.Json.Nodes;
using Vigil.Engine.Events;
using Vigil.Engine.Model;

namespace Vigil.Specs.Unit.Daemon.Alerts;

/// <summary>Delivery at least once: real scripts, a real HTTP listener, and the outbox surviving a restart.</summary>
public sealed class AlertDeliverySpecs
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task Webhook_FailingTheFirstAttempts_IsDeliveredAfterRetriesWithOneEventIdAndTheSecret()
    {
        using var receiver = new FlakyReceiver(failures: 2);
        using var rig = new AlertRig($"""
            [alert pager]
            events = failover
            webhook = {receiver.Url}
            secret = s3cr3t-webhook-token
            secret-header = X-Hook-Token
            retry-initial-ms = 20
            """, local: "a");
        rig.StartDelivering();

        var failover = await rig.JournalAsync(new OperationEvents.OperationStarted(7, OperationKind.Failover, ["web"], "b", "a", [], "node b dead"));

        Assert.True(await DeliveryPoll.UntilAsync(() => rig.Outbox.Pending("pager").Count == 0, Deadline), "never delivered");
        var requests = receiver.Requests.ToList();
        Assert.Equal([503, 503, 200], requests.Select(r => r.Status));
        Assert.All(requests, r => Assert.Equal(failover.Envelope.EventId.ToString(), r.EventId));
        Assert.All(requests, r => Assert.Equal("s3cr3t-webhook-token", r.Secret));
        var body = JsonNode.Parse(requests[^1].Body)!;
        Assert.Equal("operation.started.v1", (string)body["type"]!);
        Assert.Equal("failover", (string)body["matched"]!);
        Assert.Equal(failover.Envelope.EventId.ToString(), (string)body["event"]!["eventId"]!);
        var logged = Assert.Single(rig.Outbox.DeliveredLog("pager"));
        Assert.StartsWith($"000000000001 {failover.Envelope.EventId} 3 ", logged, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", File.ReadAllText(Directory.EnumerateFiles(Path.Combine(rig.Config.AlertsDir, "delivered")).Single()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Script_FailingUntilRestart_HoldsItemsOnDiskAndDeliversThemAfterTheRestart()
    {
        var dir = Directory.CreateTempSubdirectory("vigil-alerts-").FullName;
        var script = Path.Combine(dir, "hook.sh");
        // Fails until the 'ok' marker exists; then stores stdin under the event id and the variables beside it.
        File.WriteAllText(script, """
            #!/bin/sh
            [ -e "$(dirname "$0")/ok" ] || exit 7
            cat > "$(dirname "$0")/got-$VIGIL_EVENT_ID.json"
            echo "$VIGIL_ALERT $VIGIL_MATCHED $VIGIL_EVENT_TYPE $VIGIL_NODE" >> "$(dirname "$0")/env.txt"
            """);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var section = $"""
            [alert ops]
            events = node.dead, resource.osf
            script = {script}
            retry-initial-ms = 10
            retry-max-ms = 50
            """;

        var first = new AlertRig(section, local: "a", dir: dir);
        first.StartDelivering();
        var dead = await first.JournalAsync(AlertRig.Dead("b"));
        var osf = await first.JournalAsync(new InstanceEvents.InstanceTransitioned("web", "a", InstanceTrigger.RestoreFailed, InstanceState.Restoring, InstanceState.Osf, "exit 1"));
        Assert.True(await DeliveryPoll.UntilAsync(() => first.Outbox.Pending("ops").Count == 2, Deadline));
        await first.StopAsync(); // vigild stops with both undelivered
        first.Dispose();
        Assert.Equal(2, new Vigil.Daemon.Alerts.AlertOutbox(first.Config.AlertsDir).Pending("ops").Count);

        File.WriteAllText(Path.Combine(dir, "ok"), "");
        using var second = new AlertRig(section, local: "a", dir: dir);
        second.StartDelivering();
        second.Dispatchers[0].Nudge();

        Assert.True(await DeliveryPoll.UntilAsync(() => second.Outbox.Pending("ops").Count == 0, Deadline), "not delivered after the restart");
        foreach (var e in new[] { dead, osf })
        {
            var got = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, $"got-{e.Envelope.EventId}.json")))!;
            Assert.Equal(e.Envelope.EventType, (string)got["event"]!["type"]!);
        }

        Assert.Equal(["ops node.dead node.declared-dead.v1 a", "ops resource.osf instance.transitioned.v1 a"], File.ReadAllLines(Path.Combine(dir, "env.txt")));
        Assert.Equal(2, second.Outbox.DeliveredLog("ops").Count);
    }

    [Fact]
    public async Task Script_Hanging_IsKilledAfterItsTimeoutAndRetried()
    {
        var dir = Directory.CreateTempSubdirectory("vigil-alerts-").FullName;
        var script = Path.Combine(dir, "hang.sh");
        // The first attempt hangs (a child that never ends); the next one succeeds.
        File.WriteAllText(script, """
            #!/bin/sh
            cd "$(dirname "$0")"
            if [ ! -e tried ]; then touch tried; echo $$ > hung.pid; sleep 600; fi
            exit 0
            """);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        using var rig = new AlertRig($"""
            [alert slow]
            events = node.dead
            script = {script}
            timeout-ms = 2000
            retry-initial-ms = 10
            """, local: "a", dir: dir);
        rig.StartDelivering();
        await rig.JournalAsync(AlertRig.Dead("c"));

        Assert.True(await DeliveryPoll.UntilAsync(() => rig.Outbox.Pending("slow").Count == 0, Deadline));
        var hung = int.Parse(File.ReadAllText(Path.Combine(dir, "hung.pid")).Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.False(Directory.Exists($"/proc/{hung}") && !File.ReadAllText($"/proc/{hung}/stat").Contains(") Z ", StringComparison.Ordinal), "the hung attempt still runs");
        var delivered = Assert.Single(rig.Outbox.DeliveredLog("slow")).Split(' ');
        Assert.Equal(("000000000001", "2"), (delivered[0], delivered[2])); // the second attempt delivered it
    }
}
