using Vigil.Journal.Embedded;
using Vigil.Journal.Forwarding;
using Vigil.Journal.Marten;
using Vigil.Specs.Journal.Support;
using Vigil.Specs.Support;

namespace Vigil.Specs.Journal.Forwarding;

/// <summary>Embedded journal → Marten: exactly once, across outages and restarts.</summary>
public sealed class JournalForwarderSpecs(MartenDatabaseFixture db) : IClassFixture<MartenDatabaseFixture>, IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private JournalForwarderOptions Options(int batchSize = 7) => new()
    {
        CheckpointPath = Path.Combine(_dir.Path, "journal", "forward.checkpoint"),
        BatchSize = batchSize,
        InitialBackoff = TimeSpan.FromMilliseconds(20),
        MaxBackoff = TimeSpan.FromMilliseconds(200),
    };

    private static async Task AppendAsync(JournalWriter writer, int batches, string tag)
    {
        for (var i = 0; i < batches; i++)
        {
            await writer.AppendAsync([TestJournal.Thing($"resource-{i % 3}", $"{tag}-{i}-a"), TestJournal.Value($"node-{writer.Node}", i)]);
        }
    }

    private static async Task AssertExactlyOnceAsync(IJournalStore local, IJournalStore cluster)
    {
        var expected = (await TestJournal.ReadAllAsync(local)).Select(e => e.Envelope.EventId).ToList();
        var actual = (await TestJournal.ReadAllAsync(cluster)).Select(e => e.Envelope.EventId).ToList();
        Assert.Equal(expected.Count, actual.Count);
        Assert.Equal(expected.Order(), actual.Order());
        Assert.True((await JournalVerifier.VerifyAsync(cluster, TestJournal.Serializer)).IsIntact);
    }

    [Fact]
    public async Task ForwardPendingAsync_TwiceAndAfterRestart_StoresEveryEventOnceAndPersistsTheCheckpoint()
    {
        var schema = await db.CreateSchemaAsync();
        await using var local = await EmbeddedJournalStore.OpenAsync(_dir.Sub("journal"), TestJournal.Serializer);
        await using var cluster = db.Open(schema);
        var writer = await TestJournal.WriterAsync(local, "n1");
        await AppendAsync(writer, 10, "first");

        var forwarder = new JournalForwarder(local, cluster, Options());
        Assert.Equal(20, await forwarder.ForwardPendingAsync());
        Assert.Equal(0, await forwarder.ForwardPendingAsync());
        await AppendAsync(writer, 3, "second");
        var restarted = new JournalForwarder(local, cluster, Options(batchSize: 4));
        Assert.Equal(local.LastPosition - 6, restarted.Checkpoint);
        Assert.Equal(6, await restarted.ForwardPendingAsync());

        await AssertExactlyOnceAsync(local, cluster);
    }

    [Fact]
    public async Task ForwardPendingAsync_CheckpointLostAfterTargetStoredEvents_SkipsWhatTheTargetHolds()
    {
        var schema = await db.CreateSchemaAsync();
        await using var local = await EmbeddedJournalStore.OpenAsync(_dir.Sub("journal"), TestJournal.Serializer);
        await using var cluster = db.Open(schema);
        var writer = await TestJournal.WriterAsync(local, "n1");
        await AppendAsync(writer, 5, "a");
        await new JournalForwarder(local, cluster, Options(batchSize: 3)).ForwardPendingAsync();
        File.Delete(Options().CheckpointPath);
        await AppendAsync(writer, 2, "b");

        var fresh = new JournalForwarder(local, cluster, Options(batchSize: 5));
        Assert.Equal(0, fresh.Checkpoint);
        Assert.Equal(4, await fresh.ForwardPendingAsync());

        await AssertExactlyOnceAsync(local, cluster);
    }

    [Fact]
    public async Task RunAsync_PostgresUnreachableThenRestored_ResumesWithoutLosingOrDuplicating()
    {
        var schema = await db.CreateSchemaAsync();
        await using var proxy = new TcpProxy(db.Server.Port);
        await using var local = await EmbeddedJournalStore.OpenAsync(_dir.Sub("journal"), TestJournal.Serializer);
        await using var viaProxy = MartenJournalStore.Open(
            new MartenJournalOptions { ConnectionString = db.Database.ConnectionStringVia("127.0.0.1", proxy.Port) + ";Timeout=3;Command Timeout=5", Schema = schema, CopyThreshold = 1 },
            TestJournal.Serializer);
        await using var direct = db.Open(schema);
        var writer = await TestJournal.WriterAsync(local, "n1");
        await AppendAsync(writer, 5, "before");
        var forwarder = new JournalForwarder(local, viaProxy, Options());
        using var stop = new CancellationTokenSource();
        var running = forwarder.RunAsync(stop.Token);

        await TestJournal.EventuallyAsync(async () => (await TestJournal.ReadAllAsync(direct)).Count == 10, "the first 10 events forwarded");
        proxy.Cut();
        await AppendAsync(writer, 8, "during");
        await TestJournal.EventuallyAsync(() => Task.FromResult(forwarder.FailedAttempts >= 3), "the forwarder to fail against the cut link");
        Assert.Equal(10, forwarder.Checkpoint);
        Assert.Equal(10, (await TestJournal.ReadAllAsync(direct)).Count);
        proxy.Restore();
        await AppendAsync(writer, 2, "after");

        await TestJournal.EventuallyAsync(async () => (await TestJournal.ReadAllAsync(direct)).Count >= 30, "all 30 events forwarded after the outage");
        await stop.CancelAsync();
        try
        {
            // Stopping may surface as a cancellation or as a normal return, depending on where the loop was.
            await running.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (OperationCanceledException)
        {
        }

        Assert.True(running.IsCompleted, "the forwarder did not stop when cancelled");

        await AssertExactlyOnceAsync(local, direct);
        Assert.Equal(local.LastPosition, forwarder.Checkpoint);
    }
}
