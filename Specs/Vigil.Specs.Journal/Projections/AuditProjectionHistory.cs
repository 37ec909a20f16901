using Vigil.Engine;
using Vigil.Engine.Replay;
using Vigil.Engine.Simulation;
using Vigil.Journal.Forwarding;
using Vigil.Journal.Marten;
using Vigil.Journal.Projections;
using Vigil.Specs.Support;

namespace Vigil.Specs.Journal.Projections;

/// <summary>
/// A cluster history with two failovers (node1 crashes, rejoins, then node2 crashes), journaled by three nodes as a
/// real cluster does (each its own chain; node1 only up to its crash), in a fresh Marten schema with the audit
/// projections, and Marten's async daemon to keep them.
/// </summary>
internal sealed class AuditProjectionHistory : IAsyncDisposable
{
    private readonly string _checkpoints = Directory.CreateTempSubdirectory("vigil-proj-fwd-").FullName;

    private AuditProjectionHistory(PostgresDatabase database, Dictionary<string, IJournalStore> nodes, IReadOnlyList<RecordedEvent> original)
    {
        Database = database;
        Nodes = nodes;
        Original = original;
        Store = MartenJournalStore.Open(new MartenJournalOptions { ConnectionString = database.ConnectionString, Configure = AuditProjections.Configure }, EngineEvents.Serializer);
    }

    public PostgresDatabase Database { get; }

    public IReadOnlyDictionary<string, IJournalStore> Nodes { get; }

    /// <summary>The simulated history, in replay order.</summary>
    public IReadOnlyList<RecordedEvent> Original { get; }

    public MartenJournalStore Store { get; }

    public static async Task<AuditProjectionHistory> CreateAsync(string name)
    {
        var server = await PostgresServer.SharedAsync();
        var db = await server.CreateDatabaseAsync(name);
        await MartenJournalSchema.CreateSchemaAsync(db.ConnectionString, EngineEvents.Serializer, configure: AuditProjections.Configure);
        var original = new InMemoryJournalStore();
        await using (var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = 23 }, original))
        {
            Assert.True(await SampleHierarchy.ProtectAsync(sim, "web", ["node1", "node2", "node3"], "192.0.2.10/24"));
            await sim.RunForAsync(TimeSpan.FromSeconds(5));
            sim.Crash("node1");
            Assert.True(await sim.RunUntilAsync(() => sim.IsInServiceOn("web-app", "node2"), TimeSpan.FromSeconds(10)));
            sim.Restart("node1");
            await sim.RunForAsync(TimeSpan.FromSeconds(10));
            sim.Crash("node2");
            Assert.True(await sim.RunUntilAsync(() => sim.IsInServiceOn("web-app", "node1") || sim.IsInServiceOn("web-app", "node3"), TimeSpan.FromSeconds(10)));
            await sim.RunForAsync(TimeSpan.FromSeconds(5));
        }

        var ordered = ReplayVerifier.Order(original.Events);
        var nodes = new Dictionary<string, IJournalStore>
        {
            ["node1"] = new InMemoryJournalStore(), ["node2"] = new InMemoryJournalStore(), ["node3"] = new InMemoryJournalStore(),
        };
        var replicatedInputs = ordered.Count(e => e.Envelope.Kind == EventKind.Input);
        await ReplicatedJournals.WriteAsync(ordered, nodes, new Dictionary<string, int> { ["node1"] = replicatedInputs / 3 });
        return new AuditProjectionHistory(db, nodes, ordered);
    }

    /// <summary>Forwards one node's whole journal into Marten, as its vigild's forwarder would.</summary>
    public async Task ForwardAsync(string node)
    {
        var forwarder = new JournalForwarder(Nodes[node], Store, new JournalForwarderOptions { CheckpointPath = Path.Combine(_checkpoints, node) });
        await forwarder.ForwardPendingAsync();
    }

    /// <summary>Runs Marten's async daemon until the projections have reached the journal's last event.</summary>
    public async Task ProjectAsync()
    {
        using var daemon = await Store.DocumentStore.BuildProjectionDaemonAsync();
        await daemon.StartAllAsync();
        await daemon.WaitForNonStaleData(TimeSpan.FromMinutes(2));
        await daemon.StopAllAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        await Database.DisposeAsync();
        Directory.Delete(_checkpoints, recursive: true);
    }
}
