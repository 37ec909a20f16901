using Vigil.Cli.Lab;
using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;

namespace Vigil.Specs.Lab;

/// <summary>
/// The product's main job on real processes (adapted from Pacemaker's CTS): a GenApp hierarchy restored by the
/// nodes' own kit hosts, a crashed active node, the hierarchy back on the backup — with ground truth taken from the
/// nodes (pid files and live processes), not only from the journals.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class ResourceFailoverSpecs
{
    private static async Task<LabCluster> UpWithHierarchyAsync()
    {
        Assert.True(Shell.IsRoot, "the lab failover specs need root (CI runs as root); run scripts/test.sh as root");
        var lab = LabCluster.Create(3, namespaces: true);
        foreach (var n in lab.Nodes)
        {
            await lab.StartAsync(n);
        }

        await lab.WaitForKitsAsync();
        // web depends on db: db is restored first, web removed first.
        await lab.CreateGenAppAsync("db", "node1");
        await lab.CreateGenAppAsync("web", "node1");
        await lab.SubmitAsync(new ConfigurationCommands.AddDependency("web", "db"));
        await lab.SubmitAsync(new ConfigurationCommands.ExtendResource("web", "node2", 2));
        await lab.SubmitAsync(new ConfigurationCommands.ExtendResource("web", "node3", 3));
        await lab.SubmitAsync(new OperatorCommands.RestoreResource("web", "node1"));
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(lab.RunningPid("web", "node1") is not null && lab.RunningPid("db", "node1") is not null), TimeSpan.FromSeconds(30)),
            "the hierarchy did not come up on node1; its journal:\n" + string.Join("\n", (await lab.ReadJournalAsync("node1")).Select(e => e.Envelope.Data.ToString())));
        // The pid files appear before the restore's result is committed: crash only once the cluster knows it is ISP,
        // or the crash lands mid-restore (then the restore itself cascades, which another spec covers).
        Assert.True(await Poll.UntilAsync(async () => (await lab.ReadJournalAsync("node1")).Any(e => e.Envelope.Data is OperationEvents.OperationCompleted { Node: "node1" }), TimeSpan.FromSeconds(30)),
            "the restore on node1 was never committed as completed");
        return lab;
    }

    [Fact]
    public async Task Restore_OnAMember_RunsTheKitsOnThatNodeChildrenFirst()
    {
        await using var lab = await UpWithHierarchyAsync();

        var journal = (await lab.ReadJournalAsync("node1")).Select(e => e.Envelope.Data).ToList();
        var restores = journal.OfType<InstanceEvents.ActionRequested>().Where(a => a.Action == KitAction.Restore).Select(a => (a.Tag, a.Node)).ToList();
        Assert.Equal([("db", "node1"), ("web", "node1")], restores);
        Assert.All(["node2", "node3"], n => Assert.Null(lab.RunningPid("web", n)));
        Assert.True(await Poll.UntilAsync(async () => (await lab.ReadJournalAsync("node1")).Any(e => e.Envelope.Data is OperationEvents.OperationCompleted { Node: "node1" }), TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Crash_TheActiveNode_HierarchyComesUpOnTheNextPriorityAndNeverRunsTwice()
    {
        await using var lab = await UpWithHierarchyAsync();
        var twice = 0;
        using var watching = new CancellationTokenSource();
        var watcher = Task.Run(async () =>
        {
            while (!watching.IsCancellationRequested)
            {
                if (lab.Nodes.Count(n => lab.RunningPid("web", n) is not null) > 1)
                {
                    twice++;
                }

                await Task.Yield();
            }
        });

        lab.Crash("node1");

        Assert.True(await Poll.UntilAsync(() => Task.FromResult(lab.RunningPid("web", "node2") is not null && lab.RunningPid("db", "node2") is not null), TimeSpan.FromSeconds(30)),
            "the hierarchy did not fail over to node2:\n" + lab.Output("node2"));
        await watching.CancelAsync();
        await watcher;
        Assert.Equal(0, twice);
        Assert.Null(lab.RunningPid("web", "node1")); // the crash took the node's applications with it
        Assert.Null(lab.RunningPid("web", "node3"));
        var journal = (await lab.ReadJournalAsync("node2")).Select(e => e.Envelope.Data).ToList();
        Assert.Contains(journal, e => e is OperationEvents.OperationStarted { Kind: OperationKind.Failover, Target: "node2" });
        Assert.True(await Poll.UntilAsync(async () => (await lab.ReadJournalAsync("node2")).Any(e => e.Envelope.Data is OperationEvents.OperationCompleted { Node: "node2" }), TimeSpan.FromSeconds(10)));
    }
}
