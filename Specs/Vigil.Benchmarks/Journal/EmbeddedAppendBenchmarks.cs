using BenchmarkDotNet.Attributes;
using Vigil.Journal;
using Vigil.Journal.Embedded;

namespace Vigil.Benchmarks.Journal;

/// <summary>Appends into the embedded store with an fsync per append (the default durability), batches of 1 and of 100.</summary>
[Config(typeof(JournalBenchmarkConfig))]
public class EmbeddedAppendBenchmarks
{
    private const int SingleEvents = 500;
    private const int BatchedEvents = 10_000;
    private string _directory = "";
    private EmbeddedJournalStore _store = null!;
    private List<EventEnvelope[]> _singles = [];
    private List<EventEnvelope[]> _batches = [];

    [GlobalSetup]
    public async Task SetupAsync()
    {
        // A real disk, not tmpfs: durability costs an fsync per append and the benchmark must pay it.
        _directory = Path.Combine(Path.GetTempPath(), "vigil-bench-" + Guid.NewGuid().ToString("N")[..8]);
        _store = await EmbeddedJournalStore.OpenAsync(_directory, BenchData.Serializer);
    }

    [IterationSetup]
    public void Stamp()
    {
        var node = "n-" + Guid.NewGuid().ToString("N")[..8];
        _singles = BenchData.StampAsync(node + "-s", SingleEvents, 1).GetAwaiter().GetResult();
        _batches = BenchData.StampAsync(node + "-b", BatchedEvents / 100, 100).GetAwaiter().GetResult();
    }

    [Benchmark(OperationsPerInvoke = SingleEvents, Description = "Embedded, fsync per append, batch of 1")]
    public async Task BatchOf1()
    {
        foreach (var batch in _singles)
        {
            await _store.AppendAsync(batch);
        }
    }

    [Benchmark(OperationsPerInvoke = BatchedEvents, Description = "Embedded, fsync per append, batch of 100")]
    public async Task BatchOf100()
    {
        foreach (var batch in _batches)
        {
            await _store.AppendAsync(batch);
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
