using BenchmarkDotNet.Attributes;
using Vigil.Journal.Embedded;

namespace Vigil.Benchmarks.Journal;

/// <summary>Reads 100,000 events (batches of 100) back from the embedded store: what replay and forwarding pay per event.</summary>
[Config(typeof(JournalBenchmarkConfig))]
public class EmbeddedReadBenchmarks
{
    private const int Events = 100_000;
    private string _directory = "";
    private EmbeddedJournalStore _store = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _directory = Path.Combine(Path.GetTempPath(), "vigil-bench-read-" + Guid.NewGuid().ToString("N")[..8]);
        await using (var writer = await EmbeddedJournalStore.OpenAsync(_directory, BenchData.Serializer))
        {
            foreach (var batch in await BenchData.StampAsync("n1", Events / 100, 100))
            {
                await writer.AppendAsync(batch);
            }
        }

        _store = EmbeddedJournalStore.OpenReadOnly(_directory, BenchData.Serializer);
    }

    [Benchmark(OperationsPerInvoke = Events, Description = "Embedded ReadAllAsync (payloads deserialized)")]
    public async Task<long> ReadAll()
    {
        long last = 0;
        await foreach (var e in _store.ReadAllAsync())
        {
            last = e.Position;
        }

        return last;
    }

    [Benchmark(OperationsPerInvoke = 1, Description = "Embedded open (index rebuild of 100,000 events)")]
    public async Task OpenReadOnly()
    {
        await using var store = EmbeddedJournalStore.OpenReadOnly(_directory, BenchData.Serializer);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
