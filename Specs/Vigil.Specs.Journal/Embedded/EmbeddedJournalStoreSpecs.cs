using Vigil.Journal.Embedded;
using Vigil.Specs.Journal.Support;

namespace Vigil.Specs.Journal.Embedded;

/// <summary>What only the embedded store has to prove: crash at any byte, damage detection, salvage, one writer.</summary>
public sealed class EmbeddedJournalStoreSpecs : IDisposable
{
    private readonly TempDirectory _dir = new();

    private string Journal => _dir.Sub("journal");

    public void Dispose() => _dir.Dispose();

    /// <summary>Writes four batches and returns the segment's length after each (the batch boundaries).</summary>
    private async Task<List<long>> WriteFourBatchesAsync()
    {
        var boundaries = new List<long>();
        await using var store = await EmbeddedJournalStore.OpenAsync(Journal, TestJournal.Serializer);
        var writer = await TestJournal.WriterAsync(store, "n1");
        var segment = SegmentFile(Journal);
        for (var i = 1; i <= 4; i++)
        {
            await writer.AppendAsync([.. Enumerable.Range(1, i).Select(j => TestJournal.Thing($"s{i % 2}", $"b{i}-{j}"))]);
            boundaries.Add(new FileInfo(segment).Length);
        }

        return boundaries;
    }

    private static string SegmentFile(string directory) => Path.Combine(directory, SegmentFormat.FileName(1));

    private static int EventsIn(int completeBatches) => completeBatches * (completeBatches + 1) / 2;

    [Fact]
    public async Task OpenReadOnly_SegmentTruncatedAtEveryByte_YieldsExactlyTheCompleteBatchesBefore()
    {
        var boundaries = await WriteFourBatchesAsync();
        var bytes = await File.ReadAllBytesAsync(SegmentFile(Journal));
        var copy = _dir.Sub("copy");
        Directory.CreateDirectory(copy);

        for (var length = 0; length <= bytes.Length; length++)
        {
            await File.WriteAllBytesAsync(SegmentFile(copy), bytes.AsMemory(0, length));
            await using var store = EmbeddedJournalStore.OpenReadOnly(copy, TestJournal.Serializer);

            var complete = boundaries.Count(b => b <= length);
            var events = await TestJournal.ReadAllAsync(store);
            Assert.Equal(EventsIn(complete), events.Count);
            Assert.Equal(!boundaries.Contains(length) && length != SegmentFormat.HeaderSize, store.Recovery.HasTornTail);
        }
    }

    [Fact]
    public async Task AppendAsync_AfterCrashMidBatch_TruncatesTheTornTailAndKeepsTheChain()
    {
        var boundaries = await WriteFourBatchesAsync();
        var bytes = await File.ReadAllBytesAsync(SegmentFile(Journal));

        // Every 5th offset inside the last two batches, plus one inside the header.
        var cuts = Enumerable.Range((int)boundaries[1] + 1, (int)(boundaries[3] - boundaries[1]) - 1).Where(i => i % 5 == 0).Append(7);
        foreach (var cut in cuts)
        {
            var copy = _dir.Sub("cut-" + cut);
            Directory.CreateDirectory(copy);
            await File.WriteAllBytesAsync(SegmentFile(copy), bytes.AsMemory(0, cut));
            var complete = boundaries.Count(b => b <= cut);

            await using (var store = await EmbeddedJournalStore.OpenAsync(copy, TestJournal.Serializer))
            {
                Assert.True(store.Recovery.HasTornTail);
                Assert.Equal(complete == 0 ? 0 : boundaries[complete - 1], store.Recovery.TornTailOffset);
                var writer = await TestJournal.WriterAsync(store, "n1");
                await writer.AppendAsync([TestJournal.Thing("after", "crash")]);
            }

            await using var reopened = await EmbeddedJournalStore.OpenAsync(copy, TestJournal.Serializer);
            Assert.False(reopened.Recovery.HasTornTail);
            Assert.Equal(EventsIn(complete) + 1, (await TestJournal.ReadAllAsync(reopened)).Count);
            Assert.True((await JournalVerifier.VerifyAsync(reopened, TestJournal.Serializer)).IsIntact);
        }
    }

    [Fact]
    public async Task OpenAsync_BitFlipInAnEarlierBatch_ThrowsCorruptAtItsOffsetWhileSalvageReadsWhatPrecedes()
    {
        var boundaries = await WriteFourBatchesAsync();
        var path = SegmentFile(Journal);
        var bytes = await File.ReadAllBytesAsync(path);
        var flipAt = (int)boundaries[1] + 40; // inside the third batch's payload
        bytes[flipAt] ^= 0x10;
        await File.WriteAllBytesAsync(path, bytes);

        var ex = await Assert.ThrowsAsync<JournalCorruptException>(() => EmbeddedJournalStore.OpenAsync(Journal, TestJournal.Serializer).AsTask());
        Assert.Equal(path, ex.Path);
        Assert.Equal(boundaries[1], ex.Offset);
        Assert.Contains("checksum", ex.Problem, StringComparison.Ordinal);

        await using var salvage = EmbeddedJournalStore.OpenReadOnly(Journal, TestJournal.Serializer, salvage: true);
        Assert.Equal(boundaries[1], salvage.Recovery.Damage!.Offset);
        Assert.Equal(EventsIn(2), (await TestJournal.ReadAllAsync(salvage)).Count);
        Assert.Equal(bytes, await File.ReadAllBytesAsync(path));
    }

    [Fact]
    public async Task OpenAsync_LastBatchZeroFilledAfterACrash_IsATornTailNotDamage()
    {
        var boundaries = await WriteFourBatchesAsync();
        var path = SegmentFile(Journal);
        var bytes = await File.ReadAllBytesAsync(path);
        // The file system kept the new length but not the last pages: the end of the last batch reads as zeros.
        Array.Clear(bytes, (int)boundaries[2] + 40, bytes.Length - (int)boundaries[2] - 40);
        await File.WriteAllBytesAsync(path, bytes);

        await using var store = await EmbeddedJournalStore.OpenAsync(Journal, TestJournal.Serializer);

        Assert.True(store.Recovery.HasTornTail);
        Assert.Equal(boundaries[2], store.Recovery.TornTailOffset);
        Assert.Equal(EventsIn(3), (await TestJournal.ReadAllAsync(store)).Count);
    }

    [Fact]
    public async Task OpenAsync_DamagedLengthField_IsCorruptionNotATornTail()
    {
        var boundaries = await WriteFourBatchesAsync();
        var path = SegmentFile(Journal);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[(int)boundaries[0] + 1] ^= 0x01; // the second batch's length field: a garbled length must not hide three batches

        await File.WriteAllBytesAsync(path, bytes);

        var ex = await Assert.ThrowsAsync<JournalCorruptException>(() => EmbeddedJournalStore.OpenAsync(Journal, TestJournal.Serializer).AsTask());
        Assert.Equal(boundaries[0], ex.Offset);
    }

    [Fact]
    public async Task OpenAsync_ForeignFileInPlaceOfASegment_ThrowsNotAVigilJournal()
    {
        Directory.CreateDirectory(Journal);
        await File.WriteAllTextAsync(SegmentFile(Journal), "SQLite format 3\0 and then some pages of somebody else's database");

        var ex = await Assert.ThrowsAsync<JournalCorruptException>(() => EmbeddedJournalStore.OpenAsync(Journal, TestJournal.Serializer).AsTask());

        Assert.Equal(0, ex.Offset);
        Assert.Contains("not a Vigil journal segment", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_NewerFormatVersion_ThrowsUnsupportedVersion()
    {
        await WriteFourBatchesAsync();
        var path = SegmentFile(Journal);
        var bytes = await File.ReadAllBytesAsync(path);
        var header = new byte[SegmentFormat.HeaderSize];
        SegmentFormat.WriteHeader(header, 1, 1);
        header[8] = 9; // format version 9
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(28), Crc32COf(header.AsSpan(0, 28)));
        header.CopyTo(bytes, 0);
        await File.WriteAllBytesAsync(path, bytes);

        var ex = await Assert.ThrowsAsync<JournalCorruptException>(() => EmbeddedJournalStore.OpenAsync(Journal, TestJournal.Serializer).AsTask());

        Assert.Contains("unsupported journal format version 9", ex.Problem, StringComparison.Ordinal);
    }

    private static uint Crc32COf(ReadOnlySpan<byte> data) => Crc32C.Compute(data);

    [Fact]
    public async Task OpenAsync_SecondWriterOnTheSameDirectory_IsRefused()
    {
        await using var first = await EmbeddedJournalStore.OpenAsync(Journal, TestJournal.Serializer);

        var ex = await Assert.ThrowsAsync<JournalLockedException>(() => EmbeddedJournalStore.OpenAsync(Journal, TestJournal.Serializer).AsTask());

        Assert.Contains("already open for writing", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, await FlockExitCodeAsync(Path.Combine(Journal, SegmentFormat.LockFileName)));
        await first.DisposeAsync();
        Assert.Equal(0, await FlockExitCodeAsync(Path.Combine(Journal, SegmentFormat.LockFileName)));
        await using var afterRelease = await EmbeddedJournalStore.OpenAsync(Journal, TestJournal.Serializer);
    }

    /// <summary>Another process tries the lock: util-linux <c>flock -n</c> exits 1 when it is held, 0 when it got it.</summary>
    private static async Task<int> FlockExitCodeAsync(string lockFile)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("flock", ["-n", "-E", "1", lockFile, "true"]))!;
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    [Fact]
    public async Task AppendAsync_PastSegmentSize_RollsOverAndReopensAcrossSegments()
    {
        var options = new EmbeddedJournalOptions { SegmentSize = 1024 };
        await using (var store = await EmbeddedJournalStore.OpenAsync(Journal, TestJournal.Serializer, options))
        {
            var writer = await TestJournal.WriterAsync(store, "n1");
            for (var i = 0; i < 30; i++)
            {
                await writer.AppendAsync([TestJournal.Thing("s", $"e{i}"), TestJournal.Value("v", i)]);
            }
        }

        Assert.True(Directory.GetFiles(Journal, "*" + SegmentFormat.Extension).Length > 3);
        await using var reopened = await EmbeddedJournalStore.OpenAsync(Journal, TestJournal.Serializer, options);
        Assert.Equal(60, (await TestJournal.ReadAllAsync(reopened)).Count);
        Assert.Equal(30, await reopened.GetStreamVersionAsync("s"));
        Assert.True((await JournalVerifier.VerifyAsync(reopened, TestJournal.Serializer)).IsIntact);
    }

    [Fact]
    public async Task OpenAsync_EarlierSegmentTruncated_ThrowsCorruptForThatSegment()
    {
        var options = new EmbeddedJournalOptions { SegmentSize = 1024 };
        await using (var store = await EmbeddedJournalStore.OpenAsync(Journal, TestJournal.Serializer, options))
        {
            var writer = await TestJournal.WriterAsync(store, "n1");
            for (var i = 0; i < 20; i++)
            {
                await writer.AppendAsync([TestJournal.Thing("s", $"e{i}")]);
            }
        }

        var first = SegmentFile(Journal);
        await using (var file = new FileStream(first, FileMode.Open))
        {
            file.SetLength(file.Length - 3);
        }

        var ex = await Assert.ThrowsAsync<JournalCorruptException>(() => EmbeddedJournalStore.OpenAsync(Journal, TestJournal.Serializer, options).AsTask());

        Assert.Equal(first, ex.Path);
        Assert.Contains("truncated", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppendAsync_GroupCommitWithConcurrentWriters_EveryBatchDurableAndReadable()
    {
        var options = new EmbeddedJournalOptions { Durability = EmbeddedDurability.GroupCommit };
        await using (var store = await EmbeddedJournalStore.OpenAsync(Journal, TestJournal.Serializer, options))
        {
            var writers = await Task.WhenAll(Enumerable.Range(1, 4).Select(n => TestJournal.WriterAsync(store, $"n{n}")));
            await Task.WhenAll(writers.Select(w => Task.Run(async () =>
            {
                for (var i = 0; i < 25; i++)
                {
                    await w.AppendAsync([TestJournal.Thing(w.Node, $"e{i}")]);
                }
            })));
        }

        await using var reopened = await EmbeddedJournalStore.OpenAsync(Journal, TestJournal.Serializer);
        Assert.Equal(100, (await TestJournal.ReadAllAsync(reopened)).Count);
        Assert.True((await JournalVerifier.VerifyAsync(reopened, TestJournal.Serializer)).IsIntact);
    }

    [Fact]
    public async Task SubscribeAsync_ReadOnlyInstance_SeesAppendsOfTheWriter()
    {
        await using var writerStore = await EmbeddedJournalStore.OpenAsync(Journal, TestJournal.Serializer);
        var writer = await TestJournal.WriterAsync(writerStore, "n1");
        await writer.AppendAsync([TestJournal.Thing("s", "first")]);
        await using var reader = EmbeddedJournalStore.OpenReadOnly(Journal, TestJournal.Serializer, options: new EmbeddedJournalOptions { PollInterval = TimeSpan.FromMilliseconds(20) });
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        var subscription = Task.Run(async () =>
        {
            var names = new List<string>();
            await foreach (var e in reader.SubscribeAsync(1, stop.Token))
            {
                names.Add(((ThingHappened)e.Envelope.Data).Name);
                if (names.Count == 2)
                {
                    return names;
                }
            }

            return names;
        });
        await writer.AppendAsync([TestJournal.Thing("s", "second")]);

        Assert.Equal(["first", "second"], await subscription.WaitAsync(stop.Token));
        await Assert.ThrowsAsync<InvalidOperationException>(() => reader.AppendAsync([]).AsTask());
    }
}
