using System.Globalization;
using System.Text.Json.Nodes;
using Vigil.Engine;
using Vigil.Engine.Audit;
using Vigil.Engine.Commands;
using Vigil.Engine.Model;
using Vigil.Engine.Replay;
using Vigil.Engine.Simulation;
using Vigil.Journal;
using Vigil.Journal.Embedded;
using Vigil.Specs.Support;

namespace Vigil.Specs.Unit.Cli;

/// <summary>`vigil history/why/replay/state` over several nodes' embedded journals (replicated copies folded).</summary>
public sealed class AuditCliSpecs : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-audit-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A failover (node1 crashes, web moves to node2) as node2's and node3's embedded journals; returns their directories and the crash time.</summary>
    private async Task<(string Node2, string Node3, DateTimeOffset Crash)> ReplicatedFailoverAsync()
    {
        var original = new InMemoryJournalStore();
        await using (var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = 11 }, original))
        {
            Assert.True(await SampleHierarchy.ProtectAsync(sim, "web", ["node1", "node2", "node3"], "192.0.2.10/24"));
            sim.Crash("node1");
            Assert.True(await sim.RunUntilAsync(() => sim.IsInServiceOn("web-app", "node2"), TimeSpan.FromSeconds(10)));
        }

        var dirs = new[] { "node2", "node3" }.ToDictionary(n => n, n => Path.Combine(_dir, n));
        var stores = new Dictionary<string, IJournalStore>();
        foreach (var (node, dir) in dirs)
        {
            stores[node] = await EmbeddedJournalStore.OpenAsync(dir, EngineEvents.Serializer);
        }

        await ReplicatedJournals.WriteAsync(original.Events, stores);
        foreach (var s in stores.Values)
        {
            await s.DisposeAsync();
        }

        var crash = ReplayVerifier.Order(original.Events).First(e => e.Envelope.Data is MembershipInputs.ReportPathState { Alive: false }).Envelope.Timestamp;
        return (dirs["node2"], dirs["node3"], crash);
    }

    [Fact]
    public async Task History_TwoNodesJournals_ShowsEachReplicatedDecisionOnceRecordedByBoth()
    {
        var (node2, node3, _) = await ReplicatedFailoverAsync();

        var (exit, output, error) = await CliRun.RunAsync("history", "--journal", node2, "--journal", node3, "--type", "operation.started", "--json");
        var text = await CliRun.RunAsync("history", "-j", node2, "-j", node3, "--resource", "web-app", "--node", "node2");

        Assert.True(exit == 0, error);
        var started = JsonNode.Parse(output)!.AsArray();
        Assert.Equal(["failover"], started.Select(e => e!["data"]!["kind"]!.ToString()).Where(k => k == "failover"));
        Assert.All(started, e => Assert.Equal("[\"node2\",\"node3\"]", e!["recordedBy"]!.ToJsonString()));
        Assert.Equal(0, text.Exit);
        Assert.Contains("×2", text.Out, StringComparison.Ordinal);
        Assert.Contains("web-app on node2: RESTORING -> ISP", text.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("on node3:", text.Out, StringComparison.Ordinal);
        Assert.Contains("replicated copies folded", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReplayVerify_TwoNodesJournals_MatchesOverTheMergedHistory()
    {
        var (node2, node3, crash) = await ReplicatedFailoverAsync();

        var whole = await CliRun.RunAsync("replay", "--verify", "-j", node2, "-j", node3);
        var window = await CliRun.RunAsync("replay", "--verify", "-j", node2, "-j", node3, "--from", crash.ToString("O", CultureInfo.InvariantCulture), "--json");

        Assert.True(whole.Exit == 0, whole.Out + whole.Err);
        Assert.Contains("replay matches", whole.Out, StringComparison.Ordinal);
        Assert.Equal(0, window.Exit);
        var report = JsonNode.Parse(window.Out)!;
        Assert.True(report["matches"]!.GetValue<bool>());
        Assert.True(report["replicatedCopiesFolded"]!.GetValue<int>() > 0);
    }

    [Fact]
    public async Task State_AtBeforeAndAfterTheCrash_ShowsWhereTheHierarchyWas()
    {
        var (node2, node3, crash) = await ReplicatedFailoverAsync();

        var before = await CliRun.RunAsync("state", "-j", node2, "-j", node3, "--at", crash.AddMilliseconds(-1).ToString("O", CultureInfo.InvariantCulture), "--json");
        var after = await CliRun.RunAsync("state", "-j", node2, "-j", node3, "--at", crash.AddMinutes(1).ToString("O", CultureInfo.InvariantCulture), "--json");
        var table = await CliRun.RunAsync("state", "-j", node2, "--at", crash.AddMinutes(1).ToString("O", CultureInfo.InvariantCulture));

        Assert.True(before.Exit == 0, before.Err);
        Assert.Equal("node1", ActiveNode(before.Out, "web-app"));
        Assert.Equal("node2", ActiveNode(after.Out, "web-app"));
        Assert.Contains("DEAD", table.Out, StringComparison.Ordinal);
        Assert.Contains("the cluster at", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportAvailability_TwoNodesJournals_OneFailoverFromNode1ToNode2AndOneOutagePerResource()
    {
        var (node2, node3, crash) = await ReplicatedFailoverAsync();

        var (exit, output, error) = await CliRun.RunAsync("report", "availability", "-j", node2, "-j", node3, "--until", crash.AddMinutes(10).ToString("O", CultureInfo.InvariantCulture), "--json");
        var table = await CliRun.RunAsync("report", "availability", "-j", node2, "-j", node3);

        Assert.True(exit == 0, error);
        var report = JsonNode.Parse(output)!;
        var failover = Assert.Single(report["failovers"]!.AsArray());
        Assert.Equal(("node1", "node2", "completed"), (failover!["from"]!.GetValue<string>(), failover["to"]!.GetValue<string>(), failover["outcome"]!.GetValue<string>()));
        Assert.All(report["resources"]!.AsArray(), r => Assert.Equal(1, r!["outages"]!.GetValue<int>()));
        Assert.Equal(0, table.Exit);
        Assert.Contains("MTTR", table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Why_AfterSimulatedFailover_NarrationMatchesSnapshot()
    {
        var journal = Path.Combine(_dir, "j");
        Assert.Equal(0, (await CliRun.RunAsync("simulate", "failover", "--journal", journal)).Exit);

        var (exit, output, _) = await CliRun.RunAsync("why", "web-app", "--journal", journal);

        Assert.Equal(0, exit);
        Snap.Match(output);
    }

    [Fact]
    public async Task Why_CascadePastAFailingRestore_NarrationWithExitReasonMatchesSnapshot()
    {
        var store = new InMemoryJournalStore();
        await using (var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = 9 }, store))
        {
            Assert.True(await SampleHierarchy.ProtectAsync(sim, "db", ["node1", "node2", "node3"], "10.0.0.20/24"));
            sim.AddFaultRule(new FaultRule("db-fs", "node2", KitAction.Restore, "fsck: /dev/vg0/db: UNEXPECTED INCONSISTENCY"));
            sim.Crash("node1");
            Assert.True(await sim.RunUntilAsync(() => sim.IsInServiceOn("db-app", "node3"), TimeSpan.FromSeconds(5)));
        }

        var why = WhyExplainer.Explain(HistoryMerger.Merge(store.Events).Events, "db-app");

        Assert.NotNull(why);
        Snap.Match(why.Summary + "\n" + string.Join("\n", why.FailedActions));
    }

    [Fact]
    public async Task History_BadSinceOrNoSource_ExitsTwoNamingIt()
    {
        var badTime = await CliRun.RunAsync("history", "-j", _dir, "--since", "yesterday-ish");
        var noSource = await CliRun.RunAsync("history");

        Assert.Equal(2, badTime.Exit);
        Assert.Contains("--since 'yesterday-ish'", badTime.Err, StringComparison.Ordinal);
        Assert.Equal(2, noSource.Exit);
        Assert.Contains("--api", noSource.Err, StringComparison.Ordinal);
    }

    private static string? ActiveNode(string json, string tag) =>
        JsonNode.Parse(json)!["resources"]!.AsArray().First(r => r!["tag"]!.GetValue<string>() == tag)!["activeNode"]?.GetValue<string>();
}
