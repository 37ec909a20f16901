using System.Globalization;
using System.Text.RegularExpressions;
using Vigil.Cli.Lab;
using Vigil.Engine;
using Vigil.Engine.Events;
using Vigil.Journal;

namespace Vigil.Specs.Lab;

/// <summary>
/// Notifications, metrics and the reliability of the record on real processes (issue 9): one run of
/// <see cref="NotifyLab"/> — node1 crashed under a GenApp resource, the failover to node2, node1 restarted — and
/// what every node left behind: alert deliveries, /metrics, journals, outboxes and logs.
/// </summary>
[Collection(LabCollection.Name)]
public sealed partial class NotifyRecordSpecs(NotifyLab run) : IClassFixture<NotifyLab>
{
    [Fact]
    public void Failover_CompletesWhileAnAlertHookHangs()
    {
        var started = File.ReadAllLines(Path.Combine(run.AlertsDir, "hang-started.txt")).Select(l => l.Split(' ')).ToList();
        var onNode2 = Assert.Single(started, s => s[0] == "node2"); // node.dead of node1: node2 delivers
        var hookStart = DateTimeOffset.FromUnixTimeMilliseconds((long)(double.Parse(onNode2[2], CultureInfo.InvariantCulture) * 1000));
        Assert.True(hookStart < run.FailoverCompleted, $"the hook started at {hookStart:O}, after the failover completed at {run.FailoverCompleted:O}");
        // The hook still hangs (its timeout is an hour): the failover did not wait for it.
        Assert.True(Directory.Exists($"/proc/{onNode2[3]}"), "the hanging hook is gone");
    }

    [Fact]
    public void ReplicatedAlerts_AreDeliveredByOneNodeOnly_WithTheEventAsJson()
    {
        var lines = File.ReadAllLines(Path.Combine(run.AlertsDir, "record.txt")).Select(l => l.Split(' ')).ToList();
        var dead = Assert.Single(lines, l => l[1] == "node.dead" && (string)Delivered(l)["event"]!["data"]!["node"]! == "node1");
        var failover = Assert.Single(lines, l => l[1] == "failover");
        Assert.Equal(["node2", "node2"], new[] { dead[0], failover[0] }); // node1 is dead: node2 is the first member alive
        Assert.Equal(lines.Count, lines.Select(l => l[2]).Distinct().Count());
        var json = Delivered(failover);
        Assert.Equal("operation.started.v1", (string)json["type"]!);
        Assert.Equal("node2", (string)json["event"]!["data"]!["target"]!);
    }

    [Fact]
    public async Task Metrics_AfterAFailover_CountersAndHistogramsMoved()
    {
        Assert.Equal(0, Sample(run.MetricsBefore, "vigil_failovers_total"));
        Assert.Equal(1, Sample(run.MetricsAfter, "vigil_failovers_total", "target=\"node2\""));
        Assert.Equal(1, Sample(run.MetricsAfter, "vigil_failover_latency_seconds_count", "node=\"node2\""));
        Assert.Equal(1, Sample(run.MetricsAfter, "vigil_detection_latency_seconds_count", "node=\"node1\""));
        Assert.InRange(Sample(run.MetricsAfter, "vigil_detection_latency_seconds_sum", "node=\"node1\""), 0.5, 30);
        Assert.Equal(1, Sample(run.MetricsAfter, "vigil_instance_state", "tag=\"notify-app\"", "node=\"node2\"", "state=\"ISP\""));
        Assert.Equal(0, Sample(run.MetricsAfter, "vigil_path_alive", "peer=\"node1\"", "path=\"udp\""));
        Assert.Equal(1, Sample(run.MetricsAfter, "vigil_path_alive", "peer=\"node3\"", "path=\"udp\""));
        Assert.True(Sample(run.MetricsAfter, "vigil_journal_events") > 0);

        Assert.Equal(401, (await run.CurlAsync("node2", "GET", "/metrics", role: null)).Status);
    }

    [Fact]
    public async Task Journal_AcrossACrashAndARestart_IsGaplessChainedAndHoldsEveryReplicatedDecision()
    {
        foreach (var node in run.Lab.Nodes)
        {
            await using var store = Vigil.Journal.Embedded.EmbeddedJournalStore.OpenReadOnly(Path.Combine(run.Lab.Dir, $"data-{node}", "journal"), EngineEvents.Serializer);
            var report = await JournalVerifier.VerifyAsync(store, EngineEvents.Serializer);
            Assert.True(report.IsIntact, $"{node}: {report.FirstBreak}");
        }

        // Everything node1 had journaled when it was crashed is still there, unchanged, after its restart.
        var after = await run.Lab.ReadJournalAsync("node1");
        Assert.Equal(run.CrashedJournal.Select(e => e.Envelope.Hash), after.Take(run.CrashedJournal.Count).Select(e => e.Envelope.Hash));

        // Every node journals the same replicated decisions in the same order; node1 catches up on what it missed.
        var expected = Decisions(await run.Lab.ReadJournalAsync("node2"));
        foreach (var node in new[] { "node3", "node1" })
        {
            Assert.True(await Poll.UntilAsync(async () => Decisions(await run.Lab.ReadJournalAsync(node)).Take(expected.Count).SequenceEqual(expected), TimeSpan.FromSeconds(30)),
                $"{node} does not hold node2's replicated decisions in order (node1 must catch up on what it missed while down)");
        }
        Assert.Contains(expected, d => d.StartsWith("node.declared-dead.v1", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("PUT", "/v1/history")]
    [InlineData("DELETE", "/v1/history")]
    [InlineData("POST", "/v1/history")]
    [InlineData("PATCH", "/v1/history")]
    [InlineData("POST", "/v1/events")]
    [InlineData("DELETE", "/v1/journal")]
    [InlineData("POST", "/v1/commands/append-event")]
    [InlineData("POST", "/v1/commands/rewrite")]
    [InlineData("PUT", "/v1/commands/restore")]
    public async Task ControlApi_AnyAttemptToRewriteTheJournal_IsRefusedAndChangesNothing(string method, string path)
    {
        var before = await run.Lab.ReadJournalAsync("node2");
        var (status, _) = await run.CurlAsync("node2", method, path, "admin", """{"position":1,"type":"node.declared-dead.v1","data":{}}""");

        Assert.InRange(status, 400, 499);
        var after = await run.Lab.ReadJournalAsync("node2");
        Assert.Equal(before.Select(e => e.Envelope.Hash), after.Take(before.Count).Select(e => e.Envelope.Hash));
    }

    [Fact]
    public void Secrets_NeverAppearInAnyNodesJournalRaftLogOutboxOrLog()
    {
        var key = File.ReadAllText(Path.Combine(run.Lab.Dir, "cluster.key")).Trim();
        var secrets = new Dictionary<string, string>
        {
            ["cluster key"] = key,
            ["cluster key (hex)"] = Convert.ToHexString(run.Lab.Key),
            ["webhook secret"] = NotifyLab.WebhookSecret,
        };
        foreach (var role in new[] { "admin", "operator", "guest" })
        {
            secrets[role + " password"] = LabCredentials.Password(run.Lab.Dir, role)!;
        }

        var files = run.Lab.RecordFiles();
        Assert.Contains(files, f => f.Contains("/journal/", StringComparison.Ordinal) && !f.EndsWith(".lock", StringComparison.Ordinal));
        Assert.Contains(files, f => f.Contains("delivered", StringComparison.Ordinal));
        run.Lab.AssertNoSecretInRecords(secrets);
        // The webhook holding the secret was really tried (and logged) on the delivering node.
        Assert.Contains("alert pager", run.Lab.Output("node2"), StringComparison.Ordinal);
    }

    private System.Text.Json.Nodes.JsonNode Delivered(string[] line) =>
        System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(run.AlertsDir, $"{line[0]}-{line[2]}.json")))!;

    private static List<string> Decisions(List<RecordedEvent> journal) =>
        [.. journal.Where(e => e.Envelope.Kind == EventKind.Decision).Select(e => e.Envelope.EventType + " " + EngineEvents.Serializer.SerializeDataToString(e.Envelope.Data))];

    /// <summary>The sum of a Prometheus sample's values over the series whose labels include every one given.</summary>
    private static double Sample(string exposition, string name, params string[] labels) =>
        exposition.Split('\n')
            .Select(l => SampleLine().Match(l))
            .Where(m => m.Success && m.Groups["name"].Value == name && labels.All(l => m.Groups["labels"].Value.Contains(l, StringComparison.Ordinal)))
            .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>[^}]*)\})? (?<value>[^ ]+)")]
    private static partial Regex SampleLine();
}
