using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Vigil.Engine;
using Vigil.Engine.Commands;
using Vigil.Engine.Replay;
using Vigil.Engine.Simulation;
using Vigil.Journal;
using Vigil.Journal.Forwarding;
using Vigil.Journal.Marten;
using Vigil.Specs.Support;

namespace Vigil.Specs.Journal.Marten;

/// <summary>
/// The audit commands on the cluster-wide Marten journal, where every node forwards its own chain (so each replicated
/// decision is there once per node): history folds the copies, state --at travels in time through Marten, replay and
/// the availability report run over the whole cluster.
/// </summary>
public sealed class AuditOverMartenSpecs
{
    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(RepoPaths.Vigil, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (p.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task AuditCommands_TwoNodesForwardingTheSameFailover_SeeItOnceAndTravelInTime()
    {
        var server = await PostgresServer.SharedAsync();
        await using var db = await server.CreateDatabaseAsync("audit");
        await MartenJournalSchema.CreateSchemaAsync(db.ConnectionString, EngineEvents.Serializer);
        var original = new InMemoryJournalStore();
        await using (var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = 23 }, original))
        {
            Assert.True(await SampleHierarchy.ProtectAsync(sim, "web", ["node1", "node2", "node3"], "192.0.2.10/24"));
            sim.Crash("node1");
            Assert.True(await sim.RunUntilAsync(() => sim.IsInServiceOn("web-app", "node2"), TimeSpan.FromSeconds(10)));
        }

        var nodes = new Dictionary<string, IJournalStore> { ["node2"] = new InMemoryJournalStore(), ["node3"] = new InMemoryJournalStore() };
        await ReplicatedJournals.WriteAsync(original.Events, nodes);
        var dir = Directory.CreateTempSubdirectory("vigil-audit-fwd-").FullName;
        try
        {
            await using var cluster = MartenJournalStore.Open(new MartenJournalOptions { ConnectionString = db.ConnectionString }, EngineEvents.Serializer);
            foreach (var (name, store) in nodes)
            {
                var forwarder = new JournalForwarder(store, cluster, new JournalForwarderOptions { CheckpointPath = Path.Combine(dir, name) });
                await forwarder.ForwardPendingAsync(CancellationToken.None);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        var crash = ReplayVerifier.Order(original.Events).First(e => e.Envelope.Data is MembershipInputs.ReportPathState { Alive: false }).Envelope.Timestamp;
        string At(TimeSpan offset) => (crash + offset).ToString("O", CultureInfo.InvariantCulture);
        var cs = db.ConnectionString;

        var started = await RunAsync("history", "--journal", cs, "--type", "operation.started", "--json");
        var before = await RunAsync("state", "--journal", cs, "--at", At(TimeSpan.FromMilliseconds(-1)), "--json");
        var after = await RunAsync("state", "--journal", cs, "--at", At(TimeSpan.FromMinutes(1)), "--json");
        var replay = await RunAsync("replay", "--journal", cs, "--verify");
        // The report reads Marten's projections: this schema has none, so it is computed from the merged history.
        var report = await RunAsync("report", "availability", "--journal", cs, "--journal", cs, "--json");

        Assert.True(started.Code == 0, started.Err);
        var failover = Assert.Single(JsonNode.Parse(started.Out)!.AsArray(), e => e!["data"]!["kind"]!.GetValue<string>() == "failover");
        Assert.Equal("[\"node2\",\"node3\"]", failover!["recordedBy"]!.ToJsonString());
        Assert.True(before.Code == 0, before.Err);
        Assert.Equal("node1", ActiveNode(before.Out, "web-app"));
        Assert.Equal("node2", ActiveNode(after.Out, "web-app"));
        Assert.True(replay.Code == 0, replay.Out + replay.Err);
        Assert.Contains("replay matches", replay.Out, StringComparison.Ordinal);
        Assert.True(report.Code == 0, report.Err);
        Assert.Single(JsonNode.Parse(report.Out)!["failovers"]!.AsArray());
    }

    private static string? ActiveNode(string json, string tag) =>
        JsonNode.Parse(json)!["resources"]!.AsArray().First(r => r!["tag"]!.GetValue<string>() == tag)!["activeNode"]?.GetValue<string>();
}
