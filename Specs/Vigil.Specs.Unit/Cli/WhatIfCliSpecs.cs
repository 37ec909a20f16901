namespace Vigil.Specs.Unit.Cli;

/// <summary>`vigil simulate what-if`: the engine run under simulation on a copy of the live cluster (here: a journal), nothing executed.</summary>
public sealed class WhatIfCliSpecs : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("vigil-whatif-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<string> LiveAsync()
    {
        // web on node2 after a failover, node1 back (intelligent switchback: the hierarchy stays on node2).
        var journal = Path.Combine(_dir, "live");
        Assert.Equal(0, (await CliRun.RunAsync("simulate", "failover", "--journal", journal)).Exit);
        return journal;
    }

    [Fact]
    public async Task WhatIf_TheActiveNodeFails_ShowsTheFailoverToTheBestPriorityStepByStep_AndLeavesTheJournalAlone()
    {
        var journal = await LiveAsync();
        var before = Directory.EnumerateFiles(journal, "*", SearchOption.AllDirectories).ToDictionary(f => f, f => new FileInfo(f).Length);

        var (exit, output, error) = await CliRun.RunAsync("simulate", "what-if", "-j", journal, "--fail-node", "node2", "--seconds", "10");

        Assert.True(exit == 0, output + error);
        var lines = output.Split('\n');
        var dead = Array.FindIndex(lines, l => l.Contains("node node2 declared dead", StringComparison.Ordinal));
        var failover = Array.FindIndex(lines, l => l.Contains("failover #", StringComparison.Ordinal) && l.Contains("from node2 to node1", StringComparison.Ordinal));
        var up = Array.FindIndex(lines, l => l.Contains("web-app on node1: RESTORING -> ISP", StringComparison.Ordinal));
        Assert.True(dead > 0 && dead < failover && failover < up, output);
        Assert.Equal(before, Directory.EnumerateFiles(journal, "*", SearchOption.AllDirectories).ToDictionary(f => f, f => new FileInfo(f).Length));
    }

    [Fact]
    public async Task WhatIf_ACheckFailsWhereTheResourceRuns_ShowsTheLocalRecovery()
    {
        var journal = await LiveAsync();

        var (exit, output, error) = await CliRun.RunAsync("simulate", "what-if", "-j", journal, "--fail-check", "web-ip@node2", "--seconds", "5");

        Assert.True(exit == 0, output + error);
        Assert.Contains("quickCheck of web-ip failed", output, StringComparison.Ordinal);
        Assert.Contains("run recover of web-ip on node2", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhatIf_NothingToSimulateOrUnknownNode_ExitsTwoNamingIt()
    {
        var journal = await LiveAsync();

        var nothing = await CliRun.RunAsync("simulate", "what-if", "-j", journal);
        var unknown = await CliRun.RunAsync("simulate", "what-if", "-j", journal, "--fail-node", "node9");
        var badCut = await CliRun.RunAsync("simulate", "what-if", "-j", journal, "--cut-path", "node1-node2");

        Assert.Equal((2, 2, 2), (nothing.Exit, unknown.Exit, badCut.Exit));
        Assert.Contains("--fail-node", nothing.Err, StringComparison.Ordinal);
        Assert.Contains("'node9'", unknown.Err, StringComparison.Ordinal);
        Assert.Contains("'node1-node2'", badCut.Err, StringComparison.Ordinal);
    }
}
