using Vigil.Specs.Journal.Support;

namespace Vigil.Specs.Journal.Contract;

/// <summary>
/// The journal port's contract. Every store runs it through a one-line subclass (<c>EmbeddedJournalStoreContract</c>,
/// <c>MartenJournalStoreContract</c>); a store passes when every spec here passes.
/// </summary>
public abstract class JournalStoreContract : IAsyncLifetime
{
    private IJournalStore? _store;

    protected IJournalStore Store => _store ?? throw new InvalidOperationException("The store is not open.");

    /// <summary>A fresh, empty store.</summary>
    protected abstract Task<IJournalStore> CreateStoreAsync();

    /// <summary>
    /// Alters the stored payload of <paramref name="node"/>'s event <paramref name="sequence"/> the way an attacker
    /// with write access to the storage would (replacing <paramref name="from"/> by <paramref name="to"/>, same length),
    /// and returns a store to read it back from (the same one, or a reopened one).
    /// </summary>
    protected abstract Task<IJournalStore> TamperAsync(IJournalStore store, string node, long sequence, string from, string to);

    public async Task InitializeAsync() => _store = await CreateStoreAsync();

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    [Fact]
    public async Task AppendAsync_NewStream_ReadStreamReturnsEventsInOrderWithVersions()
    {
        var writer = await TestJournal.WriterAsync(Store, "n1");
        await writer.AppendAsync([TestJournal.Thing("resource-a", "one"), TestJournal.Thing("resource-a", "two")]);
        await writer.AppendAsync([TestJournal.Thing("resource-a", "three")]);

        var events = await TestJournal.ReadStreamAsync(Store, "resource-a");

        Assert.Equal(["one", "two", "three"], events.Select(e => ((ThingHappened)e.Envelope.Data).Name));
        Assert.Equal([1L, 2L, 3L], events.Select(e => e.StreamVersion));
        Assert.Equal(3, await Store.GetStreamVersionAsync("resource-a"));
    }

    [Fact]
    public async Task ReadStreamAsync_FromVersion_SkipsEarlierEvents()
    {
        var writer = await TestJournal.WriterAsync(Store, "n1");
        await writer.AppendAsync([.. Enumerable.Range(1, 5).Select(i => TestJournal.Thing("s", $"e{i}"))]);

        var events = await TestJournal.ReadStreamAsync(Store, "s", from: 4);

        Assert.Equal(["e4", "e5"], events.Select(e => ((ThingHappened)e.Envelope.Data).Name));
    }

    [Fact]
    public async Task ReadAllAsync_SeveralBatches_PositionsIncreaseInAppendOrder()
    {
        var writer = await TestJournal.WriterAsync(Store, "n1");
        for (var i = 0; i < 4; i++)
        {
            await writer.AppendAsync([TestJournal.Thing($"s{i % 2}", $"b{i}-1"), TestJournal.Thing($"s{i % 2}", $"b{i}-2")]);
        }

        var all = await TestJournal.ReadAllAsync(Store);

        Assert.Equal(8, all.Count);
        Assert.True(all.Zip(all.Skip(1)).All(p => p.Second.Position > p.First.Position), "positions must increase");
        Assert.Equal([.. Enumerable.Range(1, 8).Select(i => (long)i)], all.Select(e => e.Envelope.Sequence));
        var fromThird = await TestJournal.ReadAllAsync(Store, all[2].Position);
        Assert.Equal(all.Skip(2).Select(e => e.Envelope.EventId), fromThird.Select(e => e.Envelope.EventId));
    }

    [Fact]
    public async Task AppendAsync_ExpectedVersionsMatch_Appends()
    {
        var writer = await TestJournal.WriterAsync(Store, "n1");
        await writer.AppendAsync([TestJournal.Thing("a", "1")], new Dictionary<string, long> { ["a"] = ExpectedVersion.NoStream });
        await writer.AppendAsync([TestJournal.Thing("a", "2")], new Dictionary<string, long> { ["a"] = 1 });
        await writer.AppendAsync([TestJournal.Thing("a", "3")], new Dictionary<string, long> { ["a"] = ExpectedVersion.Any });

        Assert.Equal(3, await Store.GetStreamVersionAsync("a"));
    }

    [Fact]
    public async Task AppendAsync_OneExpectedVersionWrong_ThrowsAndAppendsNothingOfTheBatch()
    {
        var writer = await TestJournal.WriterAsync(Store, "n1");
        await writer.AppendAsync([TestJournal.Thing("a", "1"), TestJournal.Thing("b", "1")]);

        var ex = await Assert.ThrowsAsync<WrongExpectedVersionException>(() => writer.AppendAsync(
            [TestJournal.Thing("a", "2"), TestJournal.Thing("b", "2")],
            new Dictionary<string, long> { ["a"] = 1, ["b"] = 5 }).AsTask());

        Assert.Equal("b", ex.StreamId);
        Assert.Equal(5, ex.Expected);
        Assert.Equal(1, ex.Actual);
        Assert.Equal(2, (await TestJournal.ReadAllAsync(Store)).Count);
        Assert.Equal(1, await Store.GetStreamVersionAsync("a"));
        Assert.Equal(2, writer.LastSequence);
    }

    [Fact]
    public async Task AppendAsync_ConcurrentAppendsExpectingTheSameVersion_ExactlyOneSucceeds()
    {
        var seed = await TestJournal.WriterAsync(Store, "seed");
        await seed.AppendAsync([TestJournal.Thing("contended", "0")]);
        var writers = await Task.WhenAll(Enumerable.Range(1, 4).Select(n => TestJournal.WriterAsync(Store, $"racer-{n}")));

        var attempts = writers.Select(w => Task.Run(async () =>
        {
            try
            {
                await w.AppendAsync([TestJournal.Thing("contended", w.Node)], new Dictionary<string, long> { ["contended"] = 1 });
                return true;
            }
            catch (WrongExpectedVersionException)
            {
                return false;
            }
        })).ToList();
        var results = await Task.WhenAll(attempts);

        Assert.Equal(1, results.Count(won => won));
        Assert.Equal(2, await Store.GetStreamVersionAsync("contended"));
        Assert.Equal(2, (await TestJournal.ReadStreamAsync(Store, "contended")).Count);
    }

    [Fact]
    public async Task AppendAsync_NoStreamExpectedButStreamExists_Throws()
    {
        var writer = await TestJournal.WriterAsync(Store, "n1");
        await writer.AppendAsync([TestJournal.Thing("a", "1")]);

        await Assert.ThrowsAsync<WrongExpectedVersionException>(() =>
            writer.AppendAsync([TestJournal.Thing("a", "2")], new Dictionary<string, long> { ["a"] = ExpectedVersion.NoStream }).AsTask());
    }

    [Fact]
    public async Task AppendAsync_SameBatchAgain_IsANoOpReturningTheStoredPosition()
    {
        var writer = await TestJournal.WriterAsync(Store, "n1");
        var batch = await writer.AppendAsync([TestJournal.Thing("a", "1"), TestJournal.Thing("b", "1")]);
        var before = await TestJournal.ReadAllAsync(Store);

        var position = await Store.AppendAsync(batch);
        var again = await Store.AppendAsync(batch, new Dictionary<string, long> { ["a"] = ExpectedVersion.NoStream });

        var after = await TestJournal.ReadAllAsync(Store);
        Assert.Equal(before.Select(e => (e.Position, e.Envelope.EventId)), after.Select(e => (e.Position, e.Envelope.EventId)));
        Assert.Equal(before.Max(e => e.Position), position);
        Assert.Equal(position, again);
    }

    [Fact]
    public async Task AppendAsync_BatchMixingStoredAndNewIds_IsRefusedAndAppendsNothing()
    {
        var writer = await TestJournal.WriterAsync(Store, "n1");
        var first = await writer.AppendAsync([TestJournal.Thing("a", "1")]);
        var second = await TestJournal.WriterAsync(Store, "n2");
        var fresh = await second.AppendAsync([TestJournal.Thing("b", "1")]);
        var n3 = await TestJournal.WriterAsync(Store, "n3");
        var mixedNew = (await n3.AppendAsync([TestJournal.Thing("c", "1")]))[0] with { EventId = Guid.NewGuid(), Node = "n4" };

        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.AppendAsync([first[0], mixedNew]).AsTask());

        Assert.Equal(3, (await TestJournal.ReadAllAsync(Store)).Count);
        Assert.Equal(fresh[0].EventId, (await TestJournal.ReadStreamAsync(Store, "b")).Single().Envelope.EventId);
    }

    [Fact]
    public async Task GetNodeHeadAsync_AfterAppends_ReturnsEachNodesLastSequenceHashAndClock()
    {
        var n1 = await TestJournal.WriterAsync(Store, "n1");
        var n2 = await TestJournal.WriterAsync(Store, "n2");
        await n1.AppendAsync([TestJournal.Thing("a", "1"), TestJournal.Thing("a", "2")]);
        var last = await n2.AppendAsync([TestJournal.Thing("b", "1")]);
        var n1Last = await n1.AppendAsync([TestJournal.Thing("a", "3")]);

        var head1 = await Store.GetNodeHeadAsync("n1");
        var head2 = await Store.GetNodeHeadAsync("n2");

        Assert.Equal(new NodeHead("n1", 3, n1Last[0].Hash, n1Last[0].Hlc), head1);
        Assert.Equal(new NodeHead("n2", 1, last[0].Hash, last[0].Hlc), head2);
        Assert.Null(await Store.GetNodeHeadAsync("n9"));
        Assert.Equal(0, await Store.GetStreamVersionAsync("nope"));
    }

    [Fact]
    public async Task SubscribeAsync_EventsAppendedAfterSubscribing_AreDelivered()
    {
        var writer = await TestJournal.WriterAsync(Store, "n1");
        await writer.AppendAsync([TestJournal.Thing("a", "before")]);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var seen = new List<string>();
        var subscription = Task.Run(async () =>
        {
            await foreach (var e in Store.SubscribeAsync(1, stop.Token))
            {
                lock (seen)
                {
                    seen.Add(((ThingHappened)e.Envelope.Data).Name);
                }

                if (seen.Count == 3)
                {
                    return;
                }
            }
        });

        await TestJournal.EventuallyAsync(() => Task.FromResult(Count() >= 1), "the subscription to see the existing event");
        await writer.AppendAsync([TestJournal.Thing("a", "after-1")]);
        await writer.AppendAsync([TestJournal.Thing("b", "after-2")]);
        await subscription.WaitAsync(stop.Token);

        Assert.Equal(["before", "after-1", "after-2"], seen);

        int Count()
        {
            lock (seen)
            {
                return seen.Count;
            }
        }
    }

    [Fact]
    public async Task VerifyAsync_AfterRoundTripThroughTheStore_EveryChainIsIntact()
    {
        var n1 = await TestJournal.WriterAsync(Store, "n1");
        var n2 = await TestJournal.WriterAsync(Store, "n2");
        var corr = Guid.NewGuid();
        var first = await n1.AppendAsync([TestJournal.Thing("cluster", "path lost", 3, corr)]);
        await n2.AppendAsync([TestJournal.Value("resource-ip", 12.50m, note: "ünïcødé \"quoted\""), TestJournal.Value("resource-ip", 0.1m)]);
        await n1.AppendAsync([TestJournal.Thing("cluster", "node dead", 1, corr, first[0].EventId), TestJournal.Value("node-n1", -3m)]);

        var report = await JournalVerifier.VerifyAsync(Store, TestJournal.Serializer);

        Assert.True(report.IsIntact, report.FirstBreak?.Problem);
        Assert.Equal(3, report.EventsPerNode["n1"]);
        Assert.Equal(2, report.EventsPerNode["n2"]);
        var caused = (await TestJournal.ReadStreamAsync(Store, "cluster"))[1].Envelope;
        Assert.Equal(corr, caused.CorrelationId);
        Assert.Equal(first[0].EventId, caused.CausationId);
        Assert.Equal(EventKind.Input, caused.Kind);
    }

    [Fact]
    public async Task AppendAsync_RoundTrip_EnvelopeComesBackEqual()
    {
        var writer = await TestJournal.WriterAsync(Store, "n1");
        var stored = await writer.AppendAsync([TestJournal.Value("r", 1.25m, "x"), TestJournal.Thing("r", "y", 2, Guid.NewGuid(), Guid.NewGuid())]);

        var read = (await TestJournal.ReadStreamAsync(Store, "r")).Select(e => e.Envelope).ToList();

        Assert.Equal(stored.Count, read.Count);
        for (var i = 0; i < stored.Count; i++)
        {
            var expected = stored[i];
            var actual = read[i];
            Assert.Equal(expected with { Data = null! }, actual with { Data = null! });
            Assert.Equal(TestJournal.Serializer.SerializeDataToString(expected.Data), TestJournal.Serializer.SerializeDataToString(actual.Data));
        }
    }

    [Fact]
    public async Task OpenAsync_WriterReopenedOnTheStore_ContinuesTheChain()
    {
        var writer = await TestJournal.WriterAsync(Store, "n1");
        await writer.AppendAsync([TestJournal.Thing("a", "1"), TestJournal.Thing("a", "2")]);

        var reopened = await TestJournal.WriterAsync(Store, "n1");
        await reopened.AppendAsync([TestJournal.Thing("a", "3")]);

        Assert.Equal(3, reopened.LastSequence);
        Assert.True((await JournalVerifier.VerifyAsync(Store, TestJournal.Serializer)).IsIntact);
    }

    [Fact]
    public async Task VerifyAsync_EventAlteredInStorage_NamesThatNodeAndSequence()
    {
        var n1 = await TestJournal.WriterAsync(Store, "n1");
        var n2 = await TestJournal.WriterAsync(Store, "n2");
        await n1.AppendAsync([TestJournal.Thing("a", "thing-1"), TestJournal.Thing("a", "thing-2")]);
        await n2.AppendAsync([TestJournal.Thing("b", "thing-2")]);
        await n1.AppendAsync([TestJournal.Thing("a", "thing-3")]);

        var tampered = await TamperAsync(Store, "n1", 2, "thing-2", "thing-X");
        _store = tampered;
        var report = await JournalVerifier.VerifyAsync(tampered, TestJournal.Serializer);

        Assert.False(report.IsIntact);
        Assert.Equal("n1", report.FirstBreak!.Node);
        Assert.Equal(2, report.FirstBreak.Sequence);
        Assert.Contains("altered", report.FirstBreak.Problem, StringComparison.Ordinal);
    }
}
