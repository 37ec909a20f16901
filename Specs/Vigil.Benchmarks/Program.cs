using BenchmarkDotNet.Running;

// Pick benchmarks with --filter, e.g. `--filter '*Journal*'`; every class lives in an area folder (Journal/, Engine/ ...).
BenchmarkSwitcher.FromAssembly(typeof(Vigil.Benchmarks.Journal.JournalBenchmarkConfig).Assembly).Run(args);
