using System.Diagnostics;
using Vigil.Engine;
using Vigil.Engine.Simulation;
using Vigil.Journal.Forwarding;
using Vigil.Journal.Marten;
using Vigil.Specs.Support;

namespace Vigil.Specs.Journal.Marten;

/// <summary>The operator's commands on the cluster-wide journal: a simulated failover forwarded into Marten, read back by `vigil` with a connection string.</summary>
public sealed class CliOverMartenSpecs
{
    private static string Vigil => RepoPaths.Vigil;

    private static async Task<(int Code, string Output)> RunAsync(params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(Vigil, args) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return (p.ExitCode, await stdout + await stderr);
    }

    [Fact]
    public async Task HistoryReplayAndVerify_OnAFailoverForwardedIntoMarten_WorkWithAConnectionString()
    {
        var server = await PostgresServer.SharedAsync();
        await using var db = await server.CreateDatabaseAsync("cli");
        await MartenJournalSchema.CreateSchemaAsync(db.ConnectionString, EngineEvents.Serializer);
        var local = new InMemoryJournalStore();
        await using (var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = 17 }, local))
        {
            Assert.True(await SampleHierarchy.ProtectAsync(sim, "web", ["node1", "node2", "node3"], "192.0.2.10/24"));
            sim.Crash("node1");
            Assert.True(await sim.RunUntilAsync(() => sim.IsInServiceOn("web-app", "node2"), TimeSpan.FromSeconds(10)));
        }

        await using (var cluster = MartenJournalStore.Open(new MartenJournalOptions { ConnectionString = db.ConnectionString }, EngineEvents.Serializer))
        {
            var dir = Directory.CreateTempSubdirectory("vigil-fwd-").FullName;
            try
            {
                var forwarder = new JournalForwarder(local, cluster, new JournalForwarderOptions { CheckpointPath = Path.Combine(dir, "checkpoint") });
                await forwarder.ForwardPendingAsync(CancellationToken.None);
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        var replay = await RunAsync("replay", "--journal", db.ConnectionString, "--verify");
        var chain = await RunAsync("journal", "verify", "--journal", db.ConnectionString);
        var history = await RunAsync("history", "--journal", db.ConnectionString, "--resource", "web-app");

        Assert.True(replay.Code == 0, replay.Output);
        Assert.Contains("replay matches", replay.Output, StringComparison.Ordinal);
        Assert.True(chain.Code == 0, chain.Output);
        Assert.Contains("chain intact", chain.Output, StringComparison.Ordinal);
        Assert.Equal(0, history.Code);
        Assert.Contains("web-app on node2: RESTORING -> ISP", history.Output, StringComparison.Ordinal);
        Assert.Contains("PostgreSQL (Marten)", history.Output, StringComparison.Ordinal);
    }
}
