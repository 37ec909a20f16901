using Vigil.Engine.Audit;
using Vigil.Engine.Model;
using Vigil.Engine.Replay;
using Vigil.Engine.Simulation;

namespace Vigil.Specs.Unit.Cli;

public sealed class WhyCliSpecs : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-why-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Why_AfterFailover_ChainRunsFromDeadPathsThroughVerdictToTheRestores()
    {
        var journal = Path.Combine(_dir, "j");
        Assert.Equal(0, (await CliRun.RunAsync("simulate", "failover", "--journal", journal)).Exit);

        var (exit, output, _) = await CliRun.RunAsync("why", "web-app", "--journal", journal);

        Assert.Equal(0, exit);
        var lines = output.Split('\n');
        Assert.StartsWith("web-app is ISP on node2", lines[0], StringComparison.Ordinal);
        var dead = Array.FindIndex(lines, l => l.Contains("path udp to node1 DEAD", StringComparison.Ordinal));
        var verdict = Array.FindIndex(lines, l => l.Contains("node node1 declared dead", StringComparison.Ordinal));
        var failover = Array.FindIndex(lines, l => l.Contains("failover #2", StringComparison.Ordinal));
        var childUp = Array.FindIndex(lines, l => l.Contains("web-fs on node2: RESTORING -> ISP", StringComparison.Ordinal));
        var parentUp = Array.FindIndex(lines, l => l.Contains("web-app on node2: RESTORING -> ISP", StringComparison.Ordinal));
        Assert.True(dead > 0 && dead < verdict && verdict < failover && failover < childUp && childUp < parentUp, output);
    }

    [Fact]
    public async Task Explain_AfterACascade_ListsTheExitReasonOfTheFailedRestore()
    {
        var store = new InMemoryJournalStore();
        await using var sim = await SimulatedCluster.StartAsync(new SimulationOptions { Seed = 9 }, store);
        Assert.True(await SampleHierarchy.ProtectAsync(sim, "db", ["node1", "node2", "node3"], "10.0.0.20/24"));
        sim.AddFaultRule(new FaultRule("db-fs", "node2", KitAction.Restore, "fsck: /dev/vg0/db: UNEXPECTED INCONSISTENCY"));
        sim.Crash("node1");
        Assert.True(await sim.RunUntilAsync(() => sim.IsInServiceOn("db-app", "node3"), TimeSpan.FromSeconds(5)));

        var why = WhyExplainer.Explain(ReplayVerifier.Order(store.Events), "db-app");

        Assert.NotNull(why);
        Assert.StartsWith("db-app is ISP on node3", why.Summary, StringComparison.Ordinal);
        var failed = Assert.Single(why.FailedActions);
        Assert.Contains("restore of db-fs on node2", failed, StringComparison.Ordinal);
        Assert.Contains("UNEXPECTED INCONSISTENCY", failed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Why_UnknownTagOrBadTime_ExitsTwoNamingIt()
    {
        var journal = Path.Combine(_dir, "j");
        Assert.Equal(0, (await CliRun.RunAsync("simulate", "failover", "--journal", journal)).Exit);

        var unknown = await CliRun.RunAsync("why", "nope", "--journal", journal);
        var badTime = await CliRun.RunAsync("why", "web-app", "--journal", journal, "--at", "teatime");

        Assert.Equal(2, unknown.Exit);
        Assert.Contains("'nope'", unknown.Err, StringComparison.Ordinal);
        Assert.Equal(2, badTime.Exit);
        Assert.Contains("'teatime'", badTime.Err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Why_AtAMomentBeforeTheCrash_ExplainsTheOriginalRestore()
    {
        var journal = Path.Combine(_dir, "j");
        Assert.Equal(0, (await CliRun.RunAsync("simulate", "failover", "--journal", journal)).Exit);

        var (exit, output, _) = await CliRun.RunAsync("why", "web-app", "--journal", journal, "--at", "2026-01-01T00:00:01.500Z");

        Assert.Equal(0, exit);
        Assert.StartsWith("web-app is ISP on node1", output, StringComparison.Ordinal);
        Assert.Contains("restore web-app on node1", output, StringComparison.Ordinal);
    }
}
