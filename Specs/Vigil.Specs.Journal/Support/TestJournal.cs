using System.Diagnostics;

namespace Vigil.Specs.Journal.Support;

/// <summary>Shared helpers: the registry of test events, writers, envelopes and deadline polling (no sleeps).</summary>
public static class TestJournal
{
    public static readonly EventTypeRegistry Registry = new([typeof(ThingHappened), typeof(ValueRecorded), typeof(CounterIncremented)]);

    public static readonly EventSerializer Serializer = new(Registry);

    public static Task<JournalWriter> WriterAsync(IJournalStore store, string node, TimeProvider? time = null) =>
        JournalWriter.OpenAsync(store, node, Serializer, time ?? TimeProvider.System).AsTask();

    public static PendingEvent Thing(string stream, string name, int count = 1, Guid? correlation = null, Guid? causation = null) =>
        new(new ThingHappened(name, count), EventKind.Input, stream, correlation ?? Guid.NewGuid(), causation);

    public static PendingEvent Value(string stream, decimal amount, string? note = null) =>
        new(new ValueRecorded(amount, new DateTimeOffset(2026, 11, 25, 10, 30, 15, 123, TimeSpan.FromHours(2)), Severity.High, note, ["a", "b"]),
            EventKind.Decision, stream, Guid.NewGuid());

    public static async Task<List<RecordedEvent>> ReadAllAsync(IJournalStore store, long from = 1)
    {
        var list = new List<RecordedEvent>();
        await foreach (var e in store.ReadAllAsync(from))
        {
            list.Add(e);
        }

        return list;
    }

    public static async Task<List<RecordedEvent>> ReadStreamAsync(IJournalStore store, string stream, long from = 1)
    {
        var list = new List<RecordedEvent>();
        await foreach (var e in store.ReadStreamAsync(stream, from))
        {
            list.Add(e);
        }

        return list;
    }

    /// <summary>Polls <paramref name="condition"/> until it holds or the deadline passes (then fails with <paramref name="what"/>).</summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        using var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
        while (!await condition())
        {
            if (deadline.Elapsed > limit)
            {
                Assert.Fail($"Timed out after {limit.TotalSeconds:0} s waiting for: {what}");
            }

            await poll.WaitForNextTickAsync();
        }
    }
}
