using BenchmarkDotNet.Attributes;
using JasperFx.Events;
using Marten;
using Vigil.Journal;
using Vigil.Journal.Marten;
using Vigil.Specs.Support;

namespace Vigil.Benchmarks.Journal;

/// <summary>
/// 10,000 events per invocation (batches of <see cref="BatchSize"/>, one stream each) into a durable (fsync on)
/// throwaway PostgreSQL: through the journal port (one transaction per batch with the advisory lock and the
/// idempotency check; COPY path from 64 events, and forced through Marten sessions), through a plain Marten session
/// (quick append, same batches, no checks) and through Marten's <c>BulkInsertEventsAsync</c> (COPY, all 10,000 at once).
/// </summary>
[Config(typeof(JournalBenchmarkConfig))]
public class MartenAppendBenchmarks
{
    private const int Events = 10_000;
    private PostgresServer _server = null!;
    private PostgresDatabase _database = null!;
    private MartenJournalStore _store = null!;
    private MartenJournalStore _sessionStore = null!;
    private List<EventEnvelope[]> _data = [];

    /// <summary>Events per append (the forwarder sends up to 1000 per batch by default).</summary>
    [Params(100, 1000)]
    public int BatchSize { get; set; }

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _server = await PostgresServer.StartAsync(new PostgresServerOptions { Durable = true });
        _database = await _server.CreateDatabaseAsync("bench");
        await MartenJournalSchema.CreateSchemaAsync(_database.ConnectionString, BenchData.Serializer);
        _store = MartenJournalStore.Open(new MartenJournalOptions { ConnectionString = _database.ConnectionString }, BenchData.Serializer);
        _sessionStore = MartenJournalStore.Open(new MartenJournalOptions { ConnectionString = _database.ConnectionString, CopyThreshold = 0 }, BenchData.Serializer);
    }

    [IterationSetup]
    public void Stamp() => _data = BenchData.StampAsync("n-" + Guid.NewGuid().ToString("N")[..8], Events / BatchSize, BatchSize).GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = Events, Description = "Journal port (COPY path)")]
    public async Task JournalPort()
    {
        foreach (var batch in _data)
        {
            await _store.AppendAsync(batch);
        }
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "Journal port (Marten session path)")]
    public async Task JournalPortSessionPath()
    {
        foreach (var batch in _data)
        {
            await _sessionStore.AppendAsync(batch);
        }
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "Marten session quick append, no checks")]
    public async Task MartenQuickAppend()
    {
        foreach (var batch in _data)
        {
            await using var session = _store.DocumentStore.LightweightSession();
            session.Events.Append(batch[0].StreamId, [.. batch.Select(e => (object)e.Data)]);
            await session.SaveChangesAsync();
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Events, Description = "Marten BulkInsertEventsAsync, same metadata")]
    public Task MartenBulkInsert() => BulkInsertAsync(withMetadata: true);

    [Benchmark(OperationsPerInvoke = Events, Description = "Marten BulkInsertEventsAsync, payload only")]
    public Task MartenBulkInsertPayloadOnly() => BulkInsertAsync(withMetadata: false);

    /// <summary>
    /// Marten's COPY bulk load of the same 10,000 events in one call. The baseline carries the same ids, correlation and
    /// causation ids, timestamps and headers the journal writes (the same row bytes); the payload-only variant shows
    /// what the metadata itself costs.
    /// </summary>
    private async Task BulkInsertAsync(bool withMetadata)
    {
        var graph = (Marten.Events.EventGraph)((DocumentStore)_store.DocumentStore).Options.Events;
        var streams = _data.Select(batch => StreamAction.Start(batch[0].StreamId, [.. batch.Select(e =>
        {
            var marten = graph.BuildEvent(e.Data);
            marten.Id = e.EventId;
            if (withMetadata)
            {
                MartenHeaders.Stamp(marten, e);
            }

            return marten;
        })])).ToList();
        await _store.DocumentStore.BulkInsertEventsAsync(streams, 1000);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _store.DisposeAsync();
        await _sessionStore.DisposeAsync();
        await _database.DisposeAsync();
        await _server.DisposeAsync();
    }
}
