using Vigil.Cli.Lab;
using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;

namespace Vigil.Specs.Lab;

/// <summary>
/// Issue 4/8: what a node must release is kept in the replicated state (<c>ReleasePending</c>), not in vigild's memory.
/// node1's vigild crashes while its application runs; the majority declares node1 dead and takes the application over,
/// so it runs on two nodes. The restarted vigild has no memory of any of it: once current, it finds the release pending
/// in the state, removes its copy, and while the remove fails ("target is busy") asks the cluster to remove it again.
/// Ground truth: the application's process on each node (its pid file), not only the journal.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class ReleaseAfterRestartLabSpecs
{
    private const string Tag = "app";

    [Fact]
    public async Task VigildCrashed_DeclaredDeadAndTakenOver_RestartedNodeRemovesItsCopyAndRetriesWhileTheRemoveFails()
    {
        await using var lab = await AppOnNode1Async();
        var busy = Busy(lab);
        var node1Pid = lab.RunningPid(Tag, "node1");

        File.WriteAllText(busy, "the application's mount is busy\n");
        await KillVigildUntilTakenOverAsync(lab);
        Assert.Equal(node1Pid, lab.RunningPid(Tag, "node1")); // vigild's crash left the application running: two copies

        await lab.StartAsync("node1");
        var report = await lab.WaitForEventAsync("node2", e => e is MembershipInputs.ReportReleaseFailed { Node: "node1", Tag: Tag }, TimeSpan.FromSeconds(60));
        Assert.True(report is not null, "the restarted node1 never reported the release it could not do:\n" + lab.Output("node1"));
        Assert.Equal(node1Pid, lab.RunningPid(Tag, "node1")); // the fault held: its remove failed
        File.Delete(busy);

        Assert.True(await Poll.UntilAsync(() => Task.FromResult(lab.RunningPid(Tag, "node1") is null), TimeSpan.FromSeconds(60)), "node1 still runs app after its restart:\n" + lab.Output("node1"));
        Assert.NotNull(lab.RunningPid(Tag, "node2"));
        Assert.NotNull(await lab.WaitForEventAsync("node2", e => e is InstanceEvents.InstanceTransitioned { Tag: Tag, Node: "node1", Trigger: InstanceTrigger.RemoveSucceeded }, TimeSpan.FromSeconds(30)));
        Assert.False(await Poll.UntilAsync(() => Task.FromResult(lab.RunningPid(Tag, "node1") is not null), TimeSpan.FromSeconds(3)), "app came back on node1");
    }

    [Fact]
    public async Task VigildCrashed_DeclaredDeadAndTakenOver_RestartedNodeRemovesItsCopyAndReportsItReleased()
    {
        await using var lab = await AppOnNode1Async();

        await KillVigildUntilTakenOverAsync(lab);
        Assert.NotNull(lab.RunningPid(Tag, "node1"));

        await lab.StartAsync("node1");
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(lab.RunningPid(Tag, "node1") is null), TimeSpan.FromSeconds(60)), "node1 still runs app after its restart:\n" + lab.Output("node1"));
        Assert.NotNull(await lab.WaitForEventAsync("node2", e => e is InstanceEvents.InstanceReleased { Tag: Tag, Node: "node1" }, TimeSpan.FromSeconds(30)));
        Assert.NotNull(lab.RunningPid(Tag, "node2"));
    }

    private static string Busy(LabCluster lab) => Path.Combine(lab.Dir, "remove-busy");

    /// <summary>A namespace lab of three members with <c>app</c> (removes fail while the busy file exists) in service on node1, extended to node2.</summary>
    private static async Task<LabCluster> AppOnNode1Async()
    {
        Assert.True(Shell.IsRoot, "the release specs need root for the namespace lab (CI runs as root)");
        var lab = LabCluster.Create(3, namespaces: true);
        try
        {
            foreach (var n in lab.Nodes)
            {
                await lab.StartAsync(n);
            }

            await lab.WaitForKitsAsync();
            await ReleaseAfterQuorumLossLabSpecs.CreateAppAsync(lab, Busy(lab));
            await lab.SubmitAsync(new ConfigurationCommands.ExtendResource(Tag, "node2", 2));
            await lab.SubmitAsync(new OperatorCommands.RestoreResource(Tag, "node1"));
            Assert.True(await Poll.UntilAsync(() => Task.FromResult(lab.RunningPid(Tag, "node1") is not null), TimeSpan.FromSeconds(30)), "app did not come up on node1:\n" + lab.Output("node1"));
            Assert.NotNull(await lab.WaitForEventAsync("node1", e => e is OperationEvents.OperationCompleted { Node: "node1" }, TimeSpan.FromSeconds(30)));
            return lab;
        }
        catch
        {
            await lab.DisposeAsync(); // a failed set-up leaves no namespaces or nodes behind
            throw;
        }
    }

    /// <summary>SIGKILLs node1's vigild (its application keeps running) and waits until the majority has app on node2.</summary>
    private static async Task KillVigildUntilTakenOverAsync(LabCluster lab)
    {
        lab.KillVigild("node1");
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(lab.RunningPid(Tag, "node2") is not null), TimeSpan.FromSeconds(60)), "the majority did not take over from node1:\n" + lab.Output("node2"));
    }
}
