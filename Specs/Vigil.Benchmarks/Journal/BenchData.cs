using Vigil.Journal;

namespace Vigil.Benchmarks.Journal;

/// <summary>Stamped envelopes (real hash chain) for the benchmarks, fresh ids per iteration.</summary>
public static class BenchData
{
    public static readonly EventSerializer Serializer = new(new EventTypeRegistry([typeof(BenchEvent)]));

    /// <summary>A real writer's output, captured without a store: <paramref name="batches"/> batches of <paramref name="batchSize"/>, one stream per batch.</summary>
    public static async Task<List<EventEnvelope[]>> StampAsync(string node, int batches, int batchSize)
    {
        var capture = new CapturingStore();
        var writer = await JournalWriter.OpenAsync(capture, node, Serializer, TimeProvider.System);
        var result = new List<EventEnvelope[]>(batches);
        for (var b = 0; b < batches; b++)
        {
            var stream = $"resource-{Guid.NewGuid():N}";
            var stamped = await writer.AppendAsync([.. Enumerable.Range(0, batchSize).Select(i =>
                new PendingEvent(new BenchEvent("ip-10-0-0-1", node, "OSU", "ISP", i), EventKind.Decision, stream, Guid.NewGuid()))]);
            result.Add([.. stamped]);
        }

        return result;
    }
}
