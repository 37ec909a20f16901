using System.Text;
using Vigil.Journal.Embedded;
using Vigil.Specs.Journal.Support;

namespace Vigil.Specs.Journal.Embedded;

/// <summary>
/// The on-disk format under a snapshot: a fixed batch must encode to exactly the bytes in
/// <c>Embedded/Snapshots/segment-v1.hex</c>, and those bytes must stay readable by every later build. A change here is
/// a format change: bump <see cref="SegmentFormat.FormatVersion"/> and keep reading version 1.
/// </summary>
public sealed class SegmentFormatSnapshotSpecs : IDisposable
{
    private static readonly string SnapshotPath = Path.Combine(AppContext.BaseDirectory, "Embedded", "Snapshots", "segment-v1.hex");
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static byte[] EncodeFixedSegment()
    {
        var ts = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
        var first = new EventEnvelope(
            Guid.Parse("0193a2b4-0000-7000-8000-000000000001"), "n1", 1, ts, new HlcTimestamp(1795694400000, 0),
            Guid.Parse("0193a2b4-0000-7000-8000-0000000000c1"), null, EventKind.Input, "resource-ip",
            "test.thing-happened.v1", new ThingHappened("path lost", 2), string.Empty, string.Empty);
        first = first with { Hash = HashChain.Compute(TestJournal.Serializer, first) };
        var second = new EventEnvelope(
            Guid.Parse("0193a2b4-0000-7000-8000-000000000002"), "n1", 2, ts, new HlcTimestamp(1795694400000, 1),
            first.CorrelationId, first.EventId, EventKind.Decision, "cluster",
            "test.counter-incremented.v1", new CounterIncremented("failovers", 1), first.Hash, string.Empty);
        second = second with { Hash = HashChain.Compute(TestJournal.Serializer, second) };

        var payload = BatchCodec.Encode(1, [first, second], [1, 1], TestJournal.Serializer);
        var bytes = new byte[SegmentFormat.HeaderSize + SegmentFormat.RecordHeaderSize + payload.Length];
        SegmentFormat.WriteHeader(bytes, 1, 1);
        SegmentFormat.WriteRecordHeader(bytes.AsSpan(SegmentFormat.HeaderSize), payload);
        payload.CopyTo(bytes, SegmentFormat.HeaderSize + SegmentFormat.RecordHeaderSize);
        return bytes;
    }

    private static string ToHexLines(byte[] bytes)
    {
        var text = new StringBuilder();
        for (var i = 0; i < bytes.Length; i += 32)
        {
            text.Append(Convert.ToHexStringLower(bytes.AsSpan(i, Math.Min(32, bytes.Length - i)))).Append('\n');
        }

        return text.ToString();
    }

    [Fact]
    public void Encode_FixedBatch_MatchesTheVersion1Snapshot()
    {
        var actual = ToHexLines(EncodeFixedSegment());
        if (Environment.GetEnvironmentVariable("VIGIL_UPDATE_SNAPSHOTS") == "1")
        {
            // Deliberate format change only: rewrites the snapshot in the source tree.
            File.WriteAllText(SourceSnapshotPath(), actual);
            return;
        }

        Assert.Equal(File.ReadAllText(SnapshotPath), actual);
    }

    private static string SourceSnapshotPath([System.Runtime.CompilerServices.CallerFilePath] string source = "") =>
        Path.Combine(Path.GetDirectoryName(source)!, "Snapshots", "segment-v1.hex");

    [Fact]
    public async Task OpenReadOnly_Version1Snapshot_ReadsBackBothEventsWithAnIntactChain()
    {
        var hex = File.ReadAllText(SnapshotPath).Replace("\n", string.Empty, StringComparison.Ordinal);
        await File.WriteAllBytesAsync(Path.Combine(_dir.Path, SegmentFormat.FileName(1)), Convert.FromHexString(hex));

        await using var store = EmbeddedJournalStore.OpenReadOnly(_dir.Path, TestJournal.Serializer);
        var events = await TestJournal.ReadAllAsync(store);

        Assert.Equal(2, events.Count);
        Assert.Equal(new ThingHappened("path lost", 2), events[0].Envelope.Data);
        Assert.Equal(events[0].Envelope.EventId, events[1].Envelope.CausationId);
        Assert.True((await JournalVerifier.VerifyAsync(store, TestJournal.Serializer)).IsIntact);
    }
}
