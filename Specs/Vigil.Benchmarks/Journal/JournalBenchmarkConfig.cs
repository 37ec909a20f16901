using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace Vigil.Benchmarks.Journal;

/// <summary>
/// Few, long iterations (each appends thousands of events to real storage) in process, so a run takes minutes and the
/// tree's strict build settings never meet BenchmarkDotNet's generated project. Results are per event
/// (OperationsPerInvoke = events per invocation): events/s = 1e9 / Mean(ns).
/// </summary>
public sealed class JournalBenchmarkConfig : ManualConfig
{
    public JournalBenchmarkConfig()
    {
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(5)
            .WithInvocationCount(1)
            .WithUnrollFactor(1)
            .WithToolchain(InProcessEmitToolchain.Instance));
        AddColumn(StatisticColumn.Median, StatisticColumn.Min, StatisticColumn.Max);
    }
}
