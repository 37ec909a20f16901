using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Jobs;
using Vigil.Engine;
using Vigil.Engine.Replay;
using Vigil.Engine.Simulation;
using Vigil.Journal;

namespace Vigil.Benchmarks.Engine;

/// <summary>
/// Replay throughput through the state machines: a recorded history (5 nodes, 40 hierarchies app → {ip, fs},
/// rounds of crash and rejoin, generated once by the deterministic simulation) is fed input by input to a fresh
/// engine and every decision compared with the recorded one — what `vigil replay --verify` does. Goal: ≥ 500k events/s.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RuntimeMoniker.Net10_0, warmupCount: 3, iterationCount: 10)]
public class ReplayBenchmarks
{
    private List<RecordedEvent> _ordered = [];
    private ReplayVerifier _verifier = null!;

    [Params(30)]
    public int Rounds { get; set; }

    public int Events => _ordered.Count;

    [GlobalSetup]
    public void Setup()
    {
        var store = new InMemoryJournalStore();
        var nodes = Enumerable.Range(1, 5).Select(i => $"n{i}").ToArray();
        var sim = SimulatedCluster.StartAsync(new SimulationOptions { Seed = 1, Nodes = nodes }, store).AsTask().GetAwaiter().GetResult();
        for (var h = 0; h < 40; h++)
        {
            var order = nodes.Skip(h % 5).Concat(nodes.Take(h % 5)).ToArray();
            SampleHierarchy.ProtectAsync(sim, $"h{h}", order, "10.0.0.1/24").AsTask().GetAwaiter().GetResult();
        }

        for (var round = 0; round < Rounds; round++)
        {
            var victim = nodes[round % 5];
            sim.Crash(victim);
            sim.RunForAsync(TimeSpan.FromSeconds(2)).AsTask().GetAwaiter().GetResult();
            sim.Restart(victim);
            sim.RunForAsync(TimeSpan.FromSeconds(2)).AsTask().GetAwaiter().GetResult();
        }

        _ordered = ReplayVerifier.Order(store.Events);
        _verifier = new ReplayVerifier(EngineEvents.Serializer);
        if (!_verifier.Verify(_ordered).Matches)
        {
            throw new InvalidOperationException("the generated history does not replay");
        }

        Console.WriteLine($"// replaying {_ordered.Count} events per invocation");
    }

    /// <summary>One whole replay; divide the mean by the event count (printed in setup) for the per-event cost.</summary>
    [Benchmark]
    public bool ReplayVerify() => _verifier.Verify(_ordered).Matches;
}
