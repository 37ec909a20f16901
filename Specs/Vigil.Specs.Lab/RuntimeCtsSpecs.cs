using Vigil.Cli;
using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Journal;

namespace Vigil.Specs.Lab;

/// <summary>
/// The resource runtime on real processes, adapted from Pacemaker's CTS, for what does not take nodes down: local
/// recovery, a restore failing everywhere, switchover through the CLI, resource maintenance, roles. One lab for the
/// class; each spec its own hierarchy. Ground truth from the nodes' pid files and live processes.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class RuntimeCtsSpecs(CtsLab cts) : IClassFixture<CtsLab>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>How long a spec watches for something that must not happen: ten quickCheck periods.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task QuickCheck_ApplicationKilledOnTheActiveNode_RecoversInPlaceWithoutFailoverAndCountsOneFailure()
    {
        await cts.HierarchyOnNode1Async(["rec"]);
        var mark = (await cts.JournalAsync()).Count;

        var watch = new RunningWatch(cts.Lab, "rec");
        var killed = await cts.Lab.KillApplicationAsync("rec", "node1");
        var recovered = await Poll.UntilAsync(() => Task.FromResult(cts.Lab.RunningPid("rec", "node1") is { } pid && pid != killed), Deadline);
        await watch.DisposeAsync();

        Assert.True(recovered, "rec was not restarted on node1:\n" + await cts.StoryAsync("rec"));
        Assert.Empty(watch.Twice);
        Assert.Null(cts.Lab.RunningPid("rec", "node2"));
        Assert.Null(cts.Lab.RunningPid("rec", "node3"));
        Assert.True(await Poll.UntilAsync(async () => (await cts.StatusInstanceAsync("rec", "node1"))["state"]!.GetValue<string>() == "ISP", Deadline));
        var since = (await cts.JournalAsync()).Skip(mark).ToList();
        Assert.Contains(since, e => e is InstanceEvents.FailureCounted { Tag: "rec", Node: "node1", Count: 1 });
        Assert.Contains(since, e => e is InstanceEvents.ActionRequested { Tag: "rec", Node: "node1", Action: KitAction.Recover });
        Assert.DoesNotContain(since, e => e is OperationEvents.OperationStarted o && o.Members.Contains("rec"));
        Assert.DoesNotContain(since, e => e is InstanceEvents.ActionRequested { Tag: "rec", Action: KitAction.Restore });
        Assert.Equal(1, (await cts.StatusInstanceAsync("rec", "node1"))["failures"]!.GetValue<int>());
    }

    [Fact]
    public async Task Restore_FailingOnEveryCandidate_EndsOsfWithItsReasonsAndNeverTriesAgain()
    {
        // Threshold 1: the first failed check fails the hierarchy over at once (node1 then no candidate).
        await cts.HierarchyOnNode1Async(["osf"], failureThreshold: 1);
        cts.FailRestore("osf", "node2");
        cts.FailRestore("osf", "node3");
        var mark = (await cts.JournalAsync()).Count;

        await cts.Lab.KillApplicationAsync("osf", "node1");

        OperationEvents.OperationFailed? failed = null;
        Assert.True(
            await Poll.UntilAsync(async () => (failed = (await cts.JournalAsync()).Skip(mark).OfType<OperationEvents.OperationFailed>().FirstOrDefault()) is not null, Deadline),
            "no operation failed:\n" + await cts.StoryAsync("osf"));
        var reasons = string.Join('\n', failed!.Reasons);
        Assert.Contains("restore of osf on node2 failed", reasons, StringComparison.Ordinal);
        Assert.Contains("restore of osf on node3 failed", reasons, StringComparison.Ordinal);
        Assert.Contains("refused on node3 by the spec's marker", reasons, StringComparison.Ordinal); // the script's own words
        static int Restores(IEnumerable<IVigilEvent> events) => events.Count(e => e is InstanceEvents.ActionRequested { Tag: "osf", Action: KitAction.Restore });
        var restores = Restores((await cts.JournalAsync()).Skip(mark));
        Assert.Equal(2, restores); // node2, then node3: never node1 again, never a second round
        Assert.False(await Poll.UntilAsync(async () => Restores((await cts.JournalAsync()).Skip(mark)) > restores, Quiet), "restore tried again after the hierarchy ended OSF");
        Assert.All(cts.Lab.Nodes, n => Assert.Null(cts.Lab.RunningPid("osf", n)));
        Assert.Equal("OSF", (await cts.StatusInstanceAsync("osf", "node3"))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task Switchover_ThroughTheCliAsOperator_RemovesTopDownThenRestoresBottomUpNeverRunningTwice()
    {
        await cts.HierarchyOnNode1Async(["swweb", "swdb"]);
        var mark = (await cts.JournalAsync()).Count;

        var watch = new RunningWatch(cts.Lab, "swweb", "swdb");
        var (code, _, error) = await cts.VigilAsync("operator", "switchover", "swweb", "node2");
        await cts.RunsOnAsync("node2", "swweb", "swdb");
        await watch.DisposeAsync();

        Assert.True(code == CliApp.Ok, error);
        Assert.Empty(watch.Twice);
        Assert.Null(cts.Lab.RunningPid("swweb", "node1"));
        Assert.Null(cts.Lab.RunningPid("swdb", "node1"));
        var since = (await cts.JournalAsync()).Skip(mark).ToList();
        Assert.Contains(since, e => e is OperationEvents.OperationStarted { Kind: OperationKind.Switchover, Target: "node2" } o && o.Members.Contains("swdb"));
        Assert.Equal(
            [("swweb", "node1", KitAction.Remove), ("swdb", "node1", KitAction.Remove), ("swdb", "node2", KitAction.Restore), ("swweb", "node2", KitAction.Restore)],
            since.OfType<InstanceEvents.ActionRequested>().Where(a => a.Tag.StartsWith("sw", StringComparison.Ordinal)).Select(a => (a.Tag, a.Node, a.Action)));
    }

    [Fact]
    public async Task ResourceMaintenance_ApplicationKilled_LeftAloneUntilMaintenanceEndsThenRecoveredInPlace()
    {
        await cts.HierarchyOnNode1Async(["mnt"]);
        var (on, _, onError) = await cts.VigilAsync("operator", "resource", "maintenance", "mnt", "on");
        Assert.True(on == CliApp.Ok, onError);
        var mark = (await cts.JournalAsync()).Count;

        await cts.Lab.KillApplicationAsync("mnt", "node1");

        // Not even checked: a check's report would journal an input every quickCheck period for as long as maintenance lasts.
        bool Touched(IVigilEvent e) => e is InstanceEvents.ActionRequested { Tag: "mnt" } or InstanceEvents.FailureCounted { Tag: "mnt" } or KitInputs.ReportCheckResult { Tag: "mnt" }
            || (e is OperationEvents.OperationStarted o && o.Members.Contains("mnt"));
        Assert.False(
            await Poll.UntilAsync(async () => (await cts.JournalAsync()).Skip(mark).Any(Touched) || cts.Lab.Nodes.Any(n => cts.Lab.RunningPid("mnt", n) is not null), Quiet),
            "the cluster acted on a resource in maintenance:\n" + await cts.StoryAsync("mnt"));
        var (off, _, offError) = await cts.VigilAsync("operator", "resource", "maintenance", "mnt", "off");
        Assert.True(off == CliApp.Ok, offError);
        await cts.RunsOnAsync("node1", "mnt");
        Assert.Contains((await cts.JournalAsync()).Skip(mark), e => e is InstanceEvents.ActionRequested { Tag: "mnt", Node: "node1", Action: KitAction.Recover });
    }

    [Fact]
    public async Task Roles_GuestCannotSwitchOverOperatorCannotDeleteAdminCan()
    {
        await cts.CreateAsync("roles", "node1");
        await cts.Lab.SubmitAsync(new ConfigurationCommands.ExtendResource("roles", "node2", 2));

        var guest = await cts.VigilAsync("guest", "switchover", "roles", "node2");
        var operatorDelete = await cts.VigilAsync("operator", "resource", "delete", "roles");
        var stillThere = (await cts.JournalAsync()).OfType<ResourceEvents.ResourceDeleted>().Any(d => d.Tag == "roles");
        var admin = await cts.VigilAsync("admin", "resource", "delete", "roles");

        Assert.Equal(CliApp.Denied, guest.Code);
        Assert.Contains("needs the operator role", guest.Err, StringComparison.Ordinal);
        Assert.Equal(CliApp.Denied, operatorDelete.Code);
        Assert.Contains("needs the admin role", operatorDelete.Err, StringComparison.Ordinal);
        Assert.False(stillThere, "a denied delete deleted the resource");
        Assert.DoesNotContain(await cts.JournalAsync(), e => e is OperationEvents.OperationStarted o && o.Members.Contains("roles"));
        Assert.True(admin.Code == CliApp.Ok, admin.Err);
        Assert.Contains(await cts.JournalAsync(), e => e is ResourceEvents.ResourceDeleted { Tag: "roles" });
    }
}
