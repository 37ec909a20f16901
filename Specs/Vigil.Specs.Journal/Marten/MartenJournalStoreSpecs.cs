using Npgsql;
using Vigil.Journal.Marten;
using Vigil.Specs.Journal.Support;

namespace Vigil.Specs.Journal.Marten;

/// <summary>What only the Marten store has to prove: Marten's own columns, time travel, and the restricted node role.</summary>
public sealed class MartenJournalStoreSpecs(MartenDatabaseFixture db) : IClassFixture<MartenDatabaseFixture>
{
    private static PendingEvent Increment(int by) => new(new CounterIncremented("c", by), EventKind.Decision, "counter-1", Guid.NewGuid());

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task AppendAsync_Envelope_LandsInMartensIdTypeCorrelationCausationAndHeaderColumns(int copyThreshold)
    {
        var schema = await db.CreateSchemaAsync();
        await using var store = db.Open(schema, copyThreshold: copyThreshold);
        var writer = await TestJournal.WriterAsync(store, "n1");
        var cause = Guid.NewGuid();
        var stored = (await writer.AppendAsync([TestJournal.Thing("resource-ip", "x", 1, Guid.NewGuid(), cause)]))[0];

        await using var connection = new NpgsqlConnection(db.Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"SELECT id, type, correlation_id, causation_id, stream_id, headers->>'vigil.node', headers->>'vigil.hash', timestamp, mt_dotnet_type, headers::text FROM {schema}.mt_events", connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(stored.EventId, reader.GetGuid(0));
        Assert.Equal("test.thing-happened.v1", reader.GetString(1));
        Assert.Equal(stored.CorrelationId.ToString(), reader.GetString(2));
        Assert.Equal(cause.ToString(), reader.GetString(3));
        Assert.Equal("resource-ip", reader.GetString(4));
        Assert.Equal("n1", reader.GetString(5));
        Assert.Equal(stored.Hash, reader.GetString(6));
        Assert.Equal(stored.Timestamp, reader.GetFieldValue<DateTimeOffset>(7));
        Assert.Equal($"{typeof(ThingHappened).FullName}, {typeof(ThingHappened).Assembly.GetName().Name}", reader.GetString(8));
        Assert.Contains("\"vigil.seq\": 1", reader.GetString(9), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task Queries_ByVersionAndByTimestamp_ReturnTheStreamAsItWas(int copyThreshold)
    {
        var schema = await db.CreateSchemaAsync();
        await using var store = db.Open(schema, copyThreshold: copyThreshold);
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var writer = await TestJournal.WriterAsync(store, "n1", clock);
        await writer.AppendAsync([Increment(1), Increment(2)]);
        clock.Advance(TimeSpan.FromMinutes(10));
        await writer.AppendAsync([Increment(10)]);
        var queries = new MartenJournalQueries(store);

        var upToTwo = await queries.ReadStreamUpToVersionAsync("counter-1", 2);
        var asOfNoon = await queries.ReadStreamAsOfAsync("counter-1", new DateTimeOffset(2026, 11, 25, 12, 5, 0, TimeSpan.Zero));
        var atVersion2 = await queries.AggregateStreamAsync<CounterAggregate>("counter-1", version: 2);
        var atFiveAfter = await queries.AggregateStreamAsync<CounterAggregate>("counter-1", timestamp: new DateTimeOffset(2026, 11, 25, 12, 5, 0, TimeSpan.Zero));
        var latest = await queries.AggregateStreamAsync<CounterAggregate>("counter-1");

        Assert.Equal([1, 2], upToTwo.Select(e => ((CounterIncremented)e.Envelope.Data).By));
        Assert.Equal(2, asOfNoon.Count);
        Assert.Equal("n1", upToTwo[1].Envelope.Node);
        Assert.Equal(2, upToTwo[1].Envelope.Sequence);
        Assert.Equal(3, atVersion2!.Total);
        Assert.Equal(3, atFiveAfter!.Total);
        Assert.Equal(13, latest!.Total);
        Assert.True(JournalVerifier.Verify(
            new Dictionary<string, List<RecordedEvent>> { ["n1"] = [.. await queries.ReadStreamUpToVersionAsync("counter-1", 3)] },
            TestJournal.Serializer).IsIntact);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task NodeRole_UpdateDeleteOrTruncateOnEvents_AreDeniedWhileAppendsWork(int copyThreshold)
    {
        var schema = await db.CreateSchemaAsync();
        var role = "vigil_node_" + schema;
        await MartenJournalSchema.CreateNodeRoleAsync(db.Database.ConnectionString, role, "node-secret", schema);
        var nodeConnection = db.Database.ConnectionStringFor(role, "node-secret");

        await using (var store = db.Open(schema, nodeConnection, copyThreshold))
        {
            var writer = await TestJournal.WriterAsync(store, "n1");
            await writer.AppendAsync([TestJournal.Thing("s", "one"), TestJournal.Thing("s", "two")]);
            await writer.AppendAsync([TestJournal.Thing("s", "three")], new Dictionary<string, long> { ["s"] = 2 });
            Assert.Equal(3, (await TestJournal.ReadAllAsync(store)).Count);
            Assert.True((await JournalVerifier.VerifyAsync(store, TestJournal.Serializer)).IsIntact);
        }

        await using var connection = new NpgsqlConnection(nodeConnection);
        await connection.OpenAsync();
        foreach (var sql in new[]
                 {
                     $"UPDATE {schema}.mt_events SET data = '{{}}'::jsonb",
                     $"DELETE FROM {schema}.mt_events",
                     $"TRUNCATE {schema}.mt_events",
                     $"DELETE FROM {schema}.mt_streams",
                 })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var ex = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync());
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, ex.SqlState);
        }

        await using var count = new NpgsqlCommand($"SELECT count(*) FROM {schema}.mt_events", connection);
        Assert.Equal(3L, await count.ExecuteScalarAsync());
    }
}
