using Vigil.Cli;
using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Journal;

namespace Vigil.Specs.Lab;

/// <summary>
/// The resource runtime on real processes, adapted from Pacemaker's CTS, for what takes a node down: a cascading
/// failover, automatic and intelligent switchback, node maintenance, restarting vigild (adopt, not restart). One
/// lab for the class; each spec brings every node back up first and uses its own hierarchy.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class RuntimeCtsNodeSpecs(CtsLab cts) : IClassFixture<CtsLab>
{
    /// <summary>How long a spec watches for something that must not happen: ten quickCheck periods.</summary>
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Crash_WithTheRestoreFailingOnTheNextPriority_CascadesToTheOneAfter()
    {
        await cts.AllUpAsync();
        await cts.HierarchyOnNode1Async(["cweb", "cdb"]);
        cts.FailRestore("cdb", "node2");
        var mark = (await cts.JournalAsync()).Count;

        cts.Lab.Crash("node1");
        var watch = new RunningWatch(cts.Lab, "cweb", "cdb"); // from when the crash is over: the lab kills a node's processes one by one, a real crash at once
        await cts.RunsOnAsync("node3", "cweb", "cdb");
        await watch.DisposeAsync();

        Assert.Empty(watch.Twice);
        Assert.Null(cts.Lab.RunningPid("cdb", "node2"));
        Assert.Null(cts.Lab.RunningPid("cweb", "node2"));
        var since = (await cts.JournalAsync()).Skip(mark).ToList();
        Assert.Contains(since, e => e is OperationEvents.OperationStarted { Kind: OperationKind.Failover, From: "node1", Target: "node2" } o && o.Members.Contains("cdb"));
        Assert.Contains(since, e => e is OperationEvents.OperationCascaded { FailedNode: "node2", Target: "node3" } c && c.Reason.Contains("restore of cdb on node2 failed", StringComparison.Ordinal));
        Assert.DoesNotContain(since, e => e is InstanceEvents.ActionRequested { Tag: "cweb", Node: "node2", Action: KitAction.Restore }); // the parent never tried where its child failed
    }

    [Fact]
    public async Task NodeRejoins_AutomaticHierarchySwitchesBackIntelligentOneStays()
    {
        await cts.AllUpAsync();
        await cts.HierarchyOnNode1Async(["auto"], SwitchbackMode.Automatic);
        await cts.HierarchyOnNode1Async(["intel"]);

        cts.Lab.Crash("node1");
        var watch = new RunningWatch(cts.Lab, "auto", "intel"); // from when the crash is over (see the cascade spec)
        await cts.RunsOnAsync("node2", "auto", "intel");

        // The applications run before the journal holds the failovers' results: mark only once both completed.
        var crashFailovers = new HashSet<long>();
        Assert.True(await Poll.UntilAsync(async () =>
        {
            var events = await cts.JournalAsync();
            var started = events.OfType<OperationEvents.OperationStarted>().Where(o => o.Kind == OperationKind.Failover && o.From == "node1").Select(o => o.OperationId).ToHashSet();
            crashFailovers = [.. events.OfType<OperationEvents.OperationCompleted>().Where(c => c.Node == "node2" && started.Contains(c.OperationId)).Select(c => c.OperationId)];
            return crashFailovers.Count >= 2;
        }, TimeSpan.FromSeconds(30)), "the crash's failovers never completed in the journal");
        var mark = (await cts.JournalAsync()).Count;
        await cts.Lab.StartAsync("node1");
        await cts.RunsOnAsync("node1", "auto");
        await watch.DisposeAsync();

        Assert.Empty(watch.Twice);
        Assert.Null(cts.Lab.RunningPid("auto", "node2"));
        Assert.NotNull(cts.Lab.RunningPid("intel", "node2"));
        Assert.Null(cts.Lab.RunningPid("intel", "node1"));
        var since = (await cts.JournalAsync()).Skip(mark).ToList();
        Assert.Contains(since, e => e is OperationEvents.OperationStarted { Kind: OperationKind.Switchback, From: "node2", Target: "node1" } o && o.Members.Contains("auto"));
        Assert.DoesNotContain(since, e => e is OperationEvents.OperationStarted o && o.Members.Contains("intel"));
    }

    [Fact]
    public async Task NodeMaintenance_ActiveNodeCrashes_NoFailoverUntilMaintenanceEnds()
    {
        await cts.AllUpAsync();
        await cts.HierarchyOnNode1Async(["nmnt"]);
        var (on, _, onError) = await cts.VigilAsync("operator", "node", "maintenance", "node1", "on");
        Assert.True(on == CliApp.Ok, onError);
        var mark = (await cts.JournalAsync()).Count;

        cts.Lab.Crash("node1");

        Assert.True(
            await Poll.UntilAsync(async () => (await cts.JournalAsync()).Skip(mark).Any(e => e is NodeEvents.NodeDeclaredDead { Node: "node1" }), TimeSpan.FromSeconds(30)),
            "node1 was never declared dead");
        bool Moved(IVigilEvent e) => e is InstanceEvents.ActionRequested { Tag: "nmnt" } || (e is OperationEvents.OperationStarted o && o.Members.Contains("nmnt"));
        Assert.False(
            await Poll.UntilAsync(async () => (await cts.JournalAsync()).Skip(mark).Any(Moved) || cts.Lab.Nodes.Any(n => cts.Lab.RunningPid("nmnt", n) is not null), Quiet),
            "the cluster moved a hierarchy off a node in maintenance:\n" + await cts.StoryAsync("nmnt"));
        var (off, _, offError) = await cts.VigilAsync("operator", "node", "maintenance", "node1", "off");
        Assert.True(off == CliApp.Ok, offError);
        await cts.RunsOnAsync("node2", "nmnt");
        Assert.Contains((await cts.JournalAsync()).Skip(mark), e => e is OperationEvents.OperationStarted { Kind: OperationKind.Failover, Target: "node2" } o && o.Members.Contains("nmnt"));
    }

    [Fact]
    public async Task VigildRestartedGracefully_OnTheActiveNode_AdoptsTheRunningApplicationWithoutRestartOrFailover()
    {
        await cts.AllUpAsync();
        await cts.HierarchyOnNode1Async(["adopt"]);
        var pid = cts.Lab.RunningPid("adopt", "node1");
        var mark = (await cts.JournalAsync()).Count;

        cts.Lab.Stop("node1");
        Assert.Equal(pid, cts.Lab.RunningPid("adopt", "node1"));
        await cts.Lab.StartAsync("node1");

        Assert.True(
            await Poll.UntilAsync(
                async () => (await cts.JournalAsync()).Skip(mark).OfType<NodeEvents.NodeMaintenanceSet>().Where(m => m.Node == "node1").Select(m => m.On).SequenceEqual([true, false]),
                TimeSpan.FromSeconds(30)),
            "node1 was not put in maintenance and taken out again:\n" + string.Join('\n', (await cts.JournalAsync()).Skip(mark)) + cts.MaintenanceLog("node1"));
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(cts.Lab.Output("node1").Contains("adopting", StringComparison.Ordinal)), TimeSpan.FromSeconds(10)));
        bool Moved(IVigilEvent e) => e is InstanceEvents.ActionRequested { Tag: "adopt" } || (e is OperationEvents.OperationStarted o && o.Members.Contains("adopt"));
        Assert.False(
            await Poll.UntilAsync(async () => (await cts.JournalAsync()).Skip(mark).Any(Moved) || cts.Lab.RunningPid("adopt", "node1") != pid, Quiet),
            "the application was restarted or moved:\n" + await cts.StoryAsync("adopt", "node1") + cts.MaintenanceLog("node1"));
        Assert.All(["node2", "node3"], n => Assert.Null(cts.Lab.RunningPid("adopt", n)));
        Assert.Equal("ISP", (await cts.StatusInstanceAsync("adopt", "node1"))["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task VigildStoppedGracefully_WhileARestoreRunsThere_WaitsForItThenAdoptsTheApplication()
    {
        await cts.AllUpAsync();
        await cts.CreateAsync("slow", "node1");
        await cts.Lab.SubmitAsync(new ConfigurationCommands.ExtendResource("slow", "node2", 2));
        cts.SlowRestore("slow", "node1");
        var mark = (await cts.JournalAsync()).Count;
        await cts.Lab.SubmitAsync(new OperatorCommands.RestoreResource("slow", "node1"));
        Assert.True(await Poll.UntilAsync(async () => (await cts.JournalAsync()).Skip(mark).Any(e => e is InstanceEvents.ActionRequested { Tag: "slow", Action: KitAction.Restore }), TimeSpan.FromSeconds(30)));

        cts.Lab.Stop("node1"); // the restore is still running (2 s)
        var pid = cts.Lab.RunningPid("slow", "node1");
        await cts.Lab.StartAsync("node1");

        Assert.NotNull(pid);
        Assert.True(
            await Poll.UntilAsync(
                async () => (await cts.JournalAsync()).Skip(mark).OfType<NodeEvents.NodeMaintenanceSet>().Where(m => m.Node == "node1").Select(m => m.On).SequenceEqual([true, false]),
                TimeSpan.FromSeconds(30)),
            "node1 was not put in maintenance and taken out again:\n" + await cts.StoryAsync("slow", "node1") + cts.MaintenanceLog("node1"));
        var since = (await cts.JournalAsync()).Skip(mark).ToList();
        Assert.Contains(since, e => e is OperationEvents.OperationCompleted { Node: "node1" });
        Assert.DoesNotContain(since, e => e is OperationEvents.OperationFailed);
        await cts.InServiceAsync("node1", "slow");
        Assert.Equal(pid, cts.Lab.RunningPid("slow", "node1"));
        Assert.Null(cts.Lab.RunningPid("slow", "node2"));
    }
}
