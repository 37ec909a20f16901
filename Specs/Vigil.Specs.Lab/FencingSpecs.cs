using System.Text.Json;
using Vigil.Cli.Lab;
using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Journal;

namespace Vigil.Specs.Lab;

/// <summary>
/// Fencing on real processes (issue 4): the quorate leader powers a silent node off with its fence agent and then
/// declares it dead at once; an agent that fails leaves the lease wait in force. Ground truth: where the applications
/// run (pid files and live processes) and whether the fenced node still runs anything.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class FencingSpecs
{
    private const string Secret = "fence-pw-7d1c2e9a";

    private static async Task<LabCluster> UpWithWebOnNode1Async(string fencing, Action<LabCluster>? configure = null)
    {
        Assert.True(Shell.IsRoot, "the fencing specs need root for the namespace lab and its cgroups (CI runs as root)");
        var lab = LabCluster.Create(3, namespaces: true, fencing: fencing);
        foreach (var n in lab.Nodes)
        {
            // A long lease: on a loaded machine a lease of 1.5 s can run out before the agent is done, and then the
            // verdict is the lease's (rightly). At 6 s the fencing always ends first, so each spec sees its own path.
            File.WriteAllText(lab.ConfigPath(n), File.ReadAllText(lab.ConfigPath(n)).Replace("[cluster]\n", "[cluster]\nlease-ms = 6000\n", StringComparison.Ordinal));
        }

        configure?.Invoke(lab);
        foreach (var n in lab.Nodes)
        {
            await lab.StartAsync(n);
        }

        await lab.WaitForKitsAsync();
        await lab.CreateGenAppAsync("web", "node1");
        await lab.SubmitAsync(new ConfigurationCommands.ExtendResource("web", "node2", 2));
        await lab.SubmitAsync(new ConfigurationCommands.ExtendResource("web", "node3", 3));
        await lab.SubmitAsync(new OperatorCommands.RestoreResource("web", "node1"));
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(lab.RunningPid("web", "node1") is not null), TimeSpan.FromSeconds(30)), "web did not come up on node1:\n" + lab.LogTails());
        Assert.NotNull(await lab.WaitForEventAsync("node1", e => e is OperationEvents.OperationCompleted { Node: "node1" }, TimeSpan.FromSeconds(30)));
        return lab;
    }

    /// <summary>The survivor that ran the fence agent against node1, with its journal.</summary>
    private static async Task<(string Node, List<RecordedEvent> Journal)?> FencerAsync(LabCluster lab)
    {
        foreach (var n in new[] { "node2", "node3" })
        {
            var journal = await lab.ReadJournalAsync(n);
            if (journal.Any(e => e.Envelope.Data is MembershipInputs.ReportFencing { Target: "node1" }))
            {
                return (n, journal);
            }
        }

        return null;
    }

    private static RecordedEvent DeadInput(List<RecordedEvent> journal) =>
        journal.First(e => e.Envelope.Data is MembershipInputs.DeclareNodeDead { Node: "node1" });

    [Fact]
    public async Task Crash_TheActiveNode_WithLabFencing_TheLeaderFencesItThenDeclaresItDeadAndWebRunsOnTheBackupOnly()
    {
        await using var lab = await UpWithWebOnNode1Async("lab");
        var watch = new RunningWatch(lab, "web");

        lab.Crash("node1");

        Assert.True(await Poll.UntilAsync(() => Task.FromResult(lab.RunningPid("web", "node2") is not null), TimeSpan.FromSeconds(30)), "web did not fail over to node2:\n" + lab.LogTails());
        await watch.DisposeAsync();
        Assert.Empty(watch.Twice);
        Assert.Null(lab.RunningPid("web", "node3"));
        Assert.True(await Poll.UntilAsync(async () => await FencerAsync(lab) is not null, TimeSpan.FromSeconds(10)), "no survivor journaled a fencing of node1:\n" + lab.LogTails());
        var (fencer, journal) = (await FencerAsync(lab))!.Value;
        var fenced = journal.First(e => e.Envelope.Data is MembershipInputs.ReportFencing { Target: "node1" });
        var report = (MembershipInputs.ReportFencing)fenced.Envelope.Data;
        Assert.True(report.Succeeded, $"fencing failed: {report.Detail}");
        Assert.Equal((fencer, "off", LabFence.FileName), (report.Fencer, report.Action, Path.GetFileName(report.Agent)));
        // Declared dead because it was fenced, after the fencing, not after a lease wait.
        var dead = DeadInput(journal);
        Assert.True(dead.Position > fenced.Position);
        Assert.Contains("fenced by " + fencer, ((MembershipInputs.DeclareNodeDead)dead.Envelope.Data).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Freeze_TheActiveNode_WithLabFencing_TheFenceAgentPowersItOffBeforeWebRunsOnTheBackup()
    {
        await using var lab = await UpWithWebOnNode1Async("lab");
        var watch = new RunningWatch(lab, "web");

        // A hung machine: its processes still exist (frozen), which a takeover must not overlap when it thaws.
        LabFreezer.Set(lab.State.LabId, "node1", frozen: true);

        Assert.True(await Poll.UntilAsync(() => Task.FromResult(lab.RunningPid("web", "node2") is not null), TimeSpan.FromSeconds(30)), "web did not fail over to node2:\n" + lab.LogTails());
        await watch.DisposeAsync();
        Assert.Empty(watch.Twice);
        // Ground truth: the fence agent killed the frozen node's application and its vigild; nothing of node1 runs.
        Assert.Null(lab.RunningPid("web", "node1"));
        Assert.Empty(File.ReadAllText(Path.Combine(LabFreezer.GroupFor(lab.State.LabId, "node1"), "cgroup.procs")).Trim());
        var (_, journal) = (await FencerAsync(lab))!.Value;
        Assert.Contains(journal, e => e.Envelope.Data is MembershipInputs.ReportFencing { Target: "node1", Succeeded: true });
    }

    [Fact]
    public async Task Crash_WithAFailingFenceAgent_TakeoverWaitsForTheLeaseAndTheSecretStaysOutOfArgvJournalAndLogs()
    {
        string calls = string.Empty;
        await using var lab = await UpWithWebOnNode1Async("none", lab =>
        {
            calls = Path.Combine(lab.Dir, "fence-calls");
            var secret = Path.Combine(lab.Dir, "fence.secret");
            File.WriteAllText(secret, Secret + "\n");
            File.SetUnixFileMode(secret, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            // Records its command line and whether the secret arrived, then fails loudly, printing the secret.
            var agent = lab.WriteScript("fence-broken", $"""
                echo "argv: $*" >> "{calls}"
                [ "$VIGIL_FENCE_SECRET" = "{Secret}" ] && echo "secret received" >> "{calls}"
                echo "cannot log in to the BMC with $VIGIL_FENCE_SECRET" >&2
                exit 1
                """);
            foreach (var n in lab.Nodes)
            {
                File.AppendAllText(lab.ConfigPath(n), $"[fence]\nagent = {agent}\nsecret-file = {secret}\n");
            }
        });

        lab.Crash("node1");

        Assert.True(await Poll.UntilAsync(() => Task.FromResult(lab.RunningPid("web", "node2") is not null), TimeSpan.FromSeconds(30)), "web did not fail over to node2:\n" + lab.LogTails());
        Assert.True(await Poll.UntilAsync(async () => await FencerAsync(lab) is not null, TimeSpan.FromSeconds(10)), "no survivor journaled the fencing attempt:\n" + lab.LogTails());
        var (_, journal) = (await FencerAsync(lab))!.Value;
        var failed = journal.First(e => e.Envelope.Data is MembershipInputs.ReportFencing { Target: "node1" });
        Assert.False(((MembershipInputs.ReportFencing)failed.Envelope.Data).Succeeded);
        // The takeover followed the lease wait, not the failed fencing: declared dead later, for the lease.
        var dead = DeadInput(journal);
        Assert.True(dead.Position > failed.Position && dead.Envelope.Timestamp >= failed.Envelope.Timestamp);
        Assert.Contains("lease + margin expired; fencing failed", ((MembershipInputs.DeclareNodeDead)dead.Envelope.Data).Reason, StringComparison.Ordinal);
        var failover = journal.First(e => e.Envelope.Data is OperationEvents.OperationStarted { Kind: OperationKind.Failover });
        Assert.True(failover.Envelope.Timestamp >= dead.Envelope.Timestamp);

        // The secret reached the agent by its environment only, and nowhere else.
        var lines = File.ReadAllLines(calls);
        Assert.Contains("argv: node1 off", lines);
        Assert.Contains("secret received", lines);
        Assert.DoesNotContain(lines, l => l.StartsWith("argv:", StringComparison.Ordinal) && l.Contains(Secret, StringComparison.Ordinal));
        foreach (var n in lab.Nodes)
        {
            Assert.DoesNotContain(Secret, lab.Output(n), StringComparison.Ordinal);
            var events = (await lab.ReadJournalAsync(n)).Select(e => JsonSerializer.Serialize(e.Envelope.Data, e.Envelope.Data.GetType()));
            Assert.DoesNotContain(events, e => e.Contains(Secret, StringComparison.Ordinal));
        }
    }
}
