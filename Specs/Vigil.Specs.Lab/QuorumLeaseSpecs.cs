using System.Collections.Concurrent;
using System.Diagnostics;
using Vigil.Cli.Lab;
using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;

namespace Vigil.Specs.Lab;

/// <summary>
/// Leases on real processes (issue 4, "Consensus, quorum, fencing"): a node cut off from the majority, or frozen past
/// the deadline, gives its hierarchy up by itself, and the majority's takeover never overlaps it — checked against
/// ground truth (the applications' live processes on each node), sampled every few milliseconds.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class QuorumLeaseSpecs
{
    private static readonly string[] Hierarchy = ["web", "db"];

    /// <param name="cluster">Extra <c>[cluster]</c> settings written into every node's configuration.</param>
    private static async Task<LabCluster> UpWithHierarchyOnNode1Async(string cluster = "")
    {
        Assert.True(Shell.IsRoot, "the lease specs need root for the namespace lab and its cgroup freezer (CI runs as root)");
        var lab = LabCluster.Create(3, namespaces: true);
        foreach (var n in lab.Nodes)
        {
            File.WriteAllText(lab.ConfigPath(n), File.ReadAllText(lab.ConfigPath(n)).Replace("[cluster]\n", "[cluster]\n" + cluster + "\n", StringComparison.Ordinal));
            await lab.StartAsync(n);
        }

        await lab.WaitForKitsAsync();
        await lab.CreateGenAppAsync("db", "node1");
        await lab.CreateGenAppAsync("web", "node1");
        await lab.SubmitAsync(new ConfigurationCommands.AddDependency("web", "db"));
        await lab.SubmitAsync(new ConfigurationCommands.ExtendResource("web", "node2", 2));
        await lab.SubmitAsync(new ConfigurationCommands.ExtendResource("web", "node3", 3));
        await lab.SubmitAsync(new OperatorCommands.RestoreResource("web", "node1"));
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(Runs(lab, "node1")), TimeSpan.FromSeconds(30)), "the hierarchy did not come up on node1:\n" + lab.Output("node1"));
        // The fault comes once the restore is over: a node lost in the middle of its own restore is another story.
        Assert.NotNull(await lab.WaitForEventAsync("node1", e => e is OperationEvents.OperationCompleted { Node: "node1" }, TimeSpan.FromSeconds(30)));
        return lab;
    }

    /// <summary>The lines of each member's log that tell the lease story, for failure messages.</summary>
    private static string Story(LabCluster lab) =>
        string.Join("\n", lab.Nodes.SelectMany(n => lab.Output(n).Split('\n')
            .Where(l => l.Contains("lease", StringComparison.Ordinal) || l.Contains("quorum", StringComparison.Ordinal) || l.Contains("action #", StringComparison.Ordinal) || l.Contains("remove of", StringComparison.Ordinal) || l.Contains("proposed", StringComparison.Ordinal))
            .Select(l => n + ": " + l)));

    private static bool Runs(LabCluster lab, string node) => Hierarchy.All(t => lab.RunningPid(t, node) is not null);

    private static bool RunsAny(LabCluster lab, string node) => Hierarchy.Any(t => lab.RunningPid(t, node) is not null);

    [Fact]
    public async Task Partition_TheMinorityRemovesItsCopyBeforeTheMajorityRestoresItAndStaysOutAfterTheHeal()
    {
        // The lease must cover the removes: here a GenApp remove waits for its stopped process to be reaped, and this
        // machine's init reaps orphans only every second or two, so two removes in a row can take four seconds.
        await using var lab = await UpWithHierarchyOnNode1Async("lease-ms = 6000");
        var network = new LabNetwork(lab.State.LabId);
        var minority = new[] { lab.State.Node("node1") };
        var majority = new[] { lab.State.Node("node2"), lab.State.Node("node3") };
        using var sampling = new CancellationTokenSource();
        var overlaps = new ConcurrentQueue<string>();
        var samples = 0;
        var partitioned = Stopwatch.StartNew();
        TimeSpan? node1Gone = null, node2Up = null;
        var sampler = Task.Run(async () =>
        {
            using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(5));
            while (!sampling.IsCancellationRequested)
            {
                var running = lab.Nodes.Where(n => RunsAny(lab, n)).ToList();
                node1Gone ??= running.Contains("node1") ? null : partitioned.Elapsed;
                node2Up ??= running.Contains("node2") ? partitioned.Elapsed : null;
                if (running.Count > 1)
                {
                    overlaps.Enqueue(string.Join(", ", running));
                }

                samples++;
                await tick.WaitForNextTickAsync(CancellationToken.None);
            }
        });

        partitioned.Restart();
        network.Partition(minority, majority, heal: false);
        lab.Cut("node1", "disk");

        Assert.True(await Poll.UntilAsync(() => Task.FromResult(Runs(lab, "node2")), TimeSpan.FromSeconds(30)),
            "the majority did not fail the hierarchy over to node2:\n" + Story(lab));
        var failedOver = partitioned.Elapsed;
        await sampling.CancelAsync();
        await sampler;
        Assert.False(RunsAny(lab, "node1"), "node1 still runs its copy although node2 runs the hierarchy");
        Assert.True(overlaps.IsEmpty, $"{overlaps.Count} of {samples} samples found the hierarchy running on two nodes: {string.Join("; ", overlaps.Take(3))}; node1's copy gone at {node1Gone?.TotalMilliseconds:F0} ms, node2's up at {node2Up?.TotalMilliseconds:F0} ms\n{Story(lab)}");
        Assert.Contains("quorum-loss action osu on 2 active or OSF instances (web, db)", lab.Output("node1"), StringComparison.Ordinal);
        // …and journaled locally (no quorum to commit anything), for `vigil history` on node1.
        // The lapse that held the hierarchy: on a loaded machine node1 may also have lapsed while its peers were still
        // starting, holding nothing ("removed 0 of 0"), and that one comes first in its journal.
        var action = (await lab.WaitForEventAsync("node1", e => e is MembershipInputs.ReportQuorumLossAction a && a.Instances.Any(), TimeSpan.FromSeconds(10)))?.Envelope.Data as MembershipInputs.ReportQuorumLossAction;
        Assert.NotNull(action);
        Assert.Equal(("node1", "osu", true, "removed 2 of 2"), (action.Node, action.Action, action.Succeeded, action.Outcome));
        Assert.Equal(new[] { "web", "db" }, action.Instances.ToArray());
        Console.WriteLine($"partition -> node1's copy gone at {node1Gone?.TotalMilliseconds:F0} ms, node2's up at {node2Up?.TotalMilliseconds:F0} ms, all of it at {failedOver.TotalMilliseconds:F0} ms; {samples} samples, no overlap");

        network.Partition(minority, majority, heal: true);
        lab.Cut("node1", "disk", heal: true);

        Assert.NotNull(await lab.WaitForEventAsync("node2", e => e is NodeEvents.NodeRejoined { Node: "node1" }, TimeSpan.FromSeconds(30)));
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(lab.Output("node1").Contains("caught up with the cluster", StringComparison.Ordinal)), TimeSpan.FromSeconds(30)),
            "node1 did not catch up after the heal:\n" + lab.Output("node1"));
        // Rejoined and current, node1 starts nothing (its instances are out of service; switchback is intelligent).
        Assert.False(await Poll.UntilAsync(() => Task.FromResult(RunsAny(lab, "node1")), TimeSpan.FromSeconds(3)), "something restarted on node1 after the heal");
        Assert.True(Runs(lab, "node2"));
    }

    [Fact]
    public async Task Freeze_PastTheLease_TheMajorityTakesOverAndTheThawedNodeReleasesWhatItHad()
    {
        await using var lab = await UpWithHierarchyOnNode1Async();
        var node1Pids = Hierarchy.Select(t => lab.RunningPid(t, "node1")!.Value).ToList();

        LabFreezer.Set(lab.State.LabId, "node1", frozen: true);

        Assert.True(await Poll.UntilAsync(() => Task.FromResult(Runs(lab, "node2")), TimeSpan.FromSeconds(30)),
            "the majority did not take over from the frozen node1:\n" + Story(lab));
        Assert.NotNull(await lab.WaitForEventAsync("node2", e => e is NodeEvents.NodeDeclaredDead { Node: "node1" }, TimeSpan.FromSeconds(5)));

        LabFreezer.Set(lab.State.LabId, "node1", frozen: false);

        // Thawed, node1 finds its lease void (it did not run for longer than the lease allows) and removes its copy.
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(!RunsAny(lab, "node1")), TimeSpan.FromSeconds(10)),
            "node1 still runs its copy after the thaw:\n" + Story(lab));
        Assert.All(node1Pids, pid => Assert.False(File.Exists($"/proc/{pid}/stat") && File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] != "Z", $"pid {pid} still runs"));
        Assert.Matches("lease LAPSED \\(vigild did not run for [0-9]+ ms", lab.Output("node1"));
        Assert.True(Runs(lab, "node2"), "the takeover on node2 did not survive node1's return");
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(lab.Output("node1").Contains("caught up with the cluster", StringComparison.Ordinal)), TimeSpan.FromSeconds(30)),
            "node1 did not catch up after the thaw:\n" + lab.Output("node1"));
        Assert.False(RunsAny(lab, "node1"));
    }
}
