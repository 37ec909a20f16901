using Vigil.Cli.Lab;
using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;

namespace Vigil.Specs.Lab;

/// <summary>
/// The Raft leadership stays off the nodes that run resources (<c>leader-placement = fewest-resources</c>, the
/// default), so that crashing the node that runs an application does not also cost an election; and it never leaves
/// the cluster without a candidate. Ground truth: where the applications run and which process runs them; the nodes'
/// logs say who leads.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class LeaderPlacementSpecs
{
    [Fact]
    public async Task Restore_WebOnTheLeader_LeadershipMovesToANodeThatRunsNothingAndWebStaysPutNeverRestarted()
    {
        Assert.True(Shell.IsRoot, "the leader-placement specs need root for the namespace lab and its cgroups (CI runs as root)");
        await using var lab = await UpAsync();
        var (leader, others) = await WebOnTheLeaderAsync(lab);
        var pid = lab.RunningPid("web", leader);

        // Every node, the one that runs web included, comes to follow a node that runs nothing.
        Assert.True(
            await Poll.UntilAsync(() => Task.FromResult(lab.Nodes.All(n => lab.Leader(n) is { } l && others.Contains(l)) && lab.Leader(others[0]) == lab.Leader(others[1])), TimeSpan.FromSeconds(60)),
            $"the leadership did not leave {leader}, which runs web:\n" + lab.LogTails());
        Assert.Matches("leadership: (resigned|standby)", lab.Output(leader));

        // web stayed where it was, in the same process, restored once and never again.
        Assert.Equal(pid, lab.RunningPid("web", leader));
        Assert.All(others, n => Assert.Null(lab.RunningPid("web", n)));
        var restores = (await lab.ReadJournalAsync(others[0])).Select(e => e.Envelope.Data).OfType<InstanceEvents.ActionRequested>()
            .Count(a => a is { Tag: "web", Action: KitAction.Restore });
        Assert.Equal(1, restores);
    }

    [Fact]
    public async Task Crash_TheOnlyNodeThatRunsNothing_TheNodesThatRunResourcesStandAgainAndElectOneOfThem()
    {
        Assert.True(Shell.IsRoot, "the leader-placement specs need root for the namespace lab and its cgroups (CI runs as root)");
        await using var lab = await UpAsync();
        await InServiceAsync(lab, "web", "node1", "node2");
        await InServiceAsync(lab, "app", "node2", "node1");
        Assert.True(
            await Poll.UntilAsync(() => Task.FromResult(lab.Nodes.All(n => lab.Leader(n) == "node3")), TimeSpan.FromSeconds(60)),
            "node3, which runs nothing, did not come to lead:\n" + lab.LogTails());
        var (web, app) = (lab.RunningPid("web", "node1"), lab.RunningPid("app", "node2"));
        var watch = new RunningWatch(lab, "web", "app");

        lab.Crash("node3");

        // node1 and node2 were in standby (they vote but do not stand): with node3 gone they must stand again, or no
        // one would ever lead. The new leader proves it by committing node3's verdict.
        Assert.True(
            await Poll.UntilAsync(() => Task.FromResult(lab.Leader("node1") is "node1" or "node2" && lab.Leader("node2") == lab.Leader("node1")), TimeSpan.FromSeconds(30)),
            "node1 and node2 elected no leader after node3 crashed:\n" + lab.LogTails());
        Assert.NotNull(await lab.WaitForEventAsync("node1", e => e is NodeEvents.NodeDeclaredDead d && d.Node == "node3", TimeSpan.FromSeconds(30)));
        Assert.Contains("leadership: stands for election again", lab.Output("node1") + lab.Output("node2"));

        await watch.DisposeAsync();
        Assert.Empty(watch.Twice);
        Assert.Equal((web, app), (lab.RunningPid("web", "node1"), lab.RunningPid("app", "node2")));
    }

    [Fact]
    public async Task QuickCheck_ApplicationKilledAfterItsNodeResignedTheLeadership_RecoversInPlace()
    {
        // A resignation in a quiet cluster is followed by nothing but the next leader's empty Raft entry: every node
        // must still count itself current, or no check runs and nothing recovers (what stalled the ip lab spec).
        Assert.True(Shell.IsRoot, "the leader-placement specs need root for the namespace lab and its cgroups (CI runs as root)");
        await using var lab = await UpAsync();
        var (leader, others) = await WebOnTheLeaderAsync(lab);
        Assert.True(
            await Poll.UntilAsync(() => Task.FromResult(lab.Output(leader).Contains("leadership: resigned", StringComparison.Ordinal) && lab.Nodes.All(n => lab.Leader(n) is { } l && others.Contains(l))), TimeSpan.FromSeconds(60)),
            $"{leader}, which runs web, did not resign the leadership:\n" + lab.LogTails());
        var mark = (await lab.ReadJournalAsync(leader)).Count;
        var watch = new RunningWatch(lab, "web");

        var killed = await lab.KillApplicationAsync("web", leader);

        Assert.True(
            await Poll.UntilAsync(() => Task.FromResult(lab.RunningPid("web", leader) is { } pid && pid != killed), TimeSpan.FromSeconds(30)),
            $"web was not restarted on {leader} after its leadership moved:\n" + lab.LogTails());
        await watch.DisposeAsync();
        Assert.Empty(watch.Twice);
        Assert.All(others, n => Assert.Null(lab.RunningPid("web", n)));
        var since = (await lab.ReadJournalAsync(leader)).Skip(mark).Select(e => e.Envelope.Data).ToList();
        Assert.Contains(since, e => e is InstanceEvents.ActionRequested { Tag: "web", Action: KitAction.Recover } r && r.Node == leader);
        Assert.DoesNotContain(since, e => e is OperationEvents.OperationStarted);
    }

    private static async Task<LabCluster> UpAsync()
    {
        var lab = LabCluster.Create(3, namespaces: true, fencing: "lab", leaderPlacement: "fewest-resources");
        foreach (var n in lab.Nodes)
        {
            await lab.StartAsync(n);
        }

        await lab.WaitForKitsAsync();
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(lab.Leader("node1") is not null), TimeSpan.FromSeconds(30)), "no leader:\n" + lab.LogTails());
        return lab;
    }

    /// <summary>A GenApp resource in service on <paramref name="node"/>, its backup on <paramref name="backup"/>, node3 last.</summary>
    private static async Task InServiceAsync(LabCluster lab, string tag, string node, string backup)
    {
        await lab.CreateGenAppAsync(tag, node);
        await lab.SubmitAsync(new ConfigurationCommands.ExtendResource(tag, backup, 2));
        await lab.SubmitAsync(new ConfigurationCommands.ExtendResource(tag, "node3", 3));
        await lab.SubmitAsync(new OperatorCommands.RestoreResource(tag, node));
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(lab.RunningPid(tag, node) is not null), TimeSpan.FromSeconds(30)), $"{tag} did not come up on {node}:\n" + lab.LogTails());
    }

    /// <summary>Creates <c>web</c> on the Raft leader (extended to the other two by priority) and waits until it runs there.</summary>
    private static async Task<(string Leader, string[] Others)> WebOnTheLeaderAsync(LabCluster lab)
    {
        var leader = lab.Leader("node1")!;
        var others = lab.Nodes.Where(n => n != leader).ToArray();
        await lab.CreateGenAppAsync("web", leader);
        await lab.SubmitAsync(new ConfigurationCommands.ExtendResource("web", others[0], 2));
        await lab.SubmitAsync(new ConfigurationCommands.ExtendResource("web", others[1], 3));
        await lab.SubmitAsync(new OperatorCommands.RestoreResource("web", leader));
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(lab.RunningPid("web", leader) is not null), TimeSpan.FromSeconds(30)), $"web did not come up on {leader}:\n" + lab.LogTails());
        return (leader, others);
    }
}
