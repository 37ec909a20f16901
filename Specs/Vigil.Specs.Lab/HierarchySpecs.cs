using System.Collections.Immutable;
using Vigil.Cli;
using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Journal;

namespace Vigil.Specs.Lab;

/// <summary>
/// Hierarchies across more than two nodes (issue 6): N+1 (two active nodes sharing one spare) and the limit of it,
/// then a three-level hierarchy app → {fs, ip} cascading past a failing backup to its third priority. Namespace labs
/// with a witness; ground truth from the applications' pid files, order from the replicated journal.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class HierarchySpecs
{
    [Fact]
    public async Task NPlusOne_EachActiveNodeCrashes_ItsHierarchyLandsOnTheSharedSpareWhichEndsHoldingBoth()
    {
        // node1 and node2 active, node3 the spare (priority 2 for both), node4 a last resort (3); node5 the witness.
        await using var lab = LabCluster.CreateNamespaced(4);
        foreach (var n in lab.Nodes)
        {
            await lab.StartAsync(n);
        }

        await lab.WaitForKitsAsync();
        foreach (var (tag, active) in new[] { ("hierA", "node1"), ("hierB", "node2") })
        {
            await lab.CreateGenAppAsync(tag, active);
            await lab.SubmitAsync(new ConfigurationCommands.ExtendResource(tag, "node3", 2));
            await lab.SubmitAsync(new ConfigurationCommands.ExtendResource(tag, "node4", 3));
            await lab.SubmitAsync(new OperatorCommands.RestoreResource(tag, active));
            await RunsOnAsync(lab, tag, active);
        }

        await lab.WaitForOperationCompletedAsync("node2");
        var pidB = lab.RunningPid("hierB", "node2");

        lab.Crash("node1");
        await RunsOnAsync(lab, "hierA", "node3");

        Assert.Equal(pidB, lab.RunningPid("hierB", "node2")); // the other active node is not touched
        Assert.Null(lab.RunningPid("hierA", "node4"));
        var journal = await JournalAsync(lab, "node2");
        Assert.Contains(journal, e => e is OperationEvents.OperationStarted { Kind: OperationKind.Failover, From: "node1", Target: "node3" } o && o.Members.Contains("hierA"));
        Assert.DoesNotContain(journal, e => e is OperationEvents.OperationStarted o && o.Members.Contains("hierB") && o.Kind != OperationKind.Restore);

        // The N+1 limit: a second active node failing (quorum holds: 3 of 5 voters) sends its hierarchy to the same
        // spare too, by priority — the spare now carries both workloads and must be sized for it.
        lab.Crash("node2");
        await RunsOnAsync(lab, "hierB", "node3");

        Assert.NotNull(lab.RunningPid("hierA", "node3"));
        Assert.All(new[] { "hierA", "hierB" }, t => Assert.Null(lab.RunningPid(t, "node4")));
        journal = await JournalAsync(lab, "node3");
        Assert.Contains(journal, e => e is OperationEvents.OperationStarted { Kind: OperationKind.Failover, From: "node2", Target: "node3" } o && o.Members.Contains("hierB"));
    }

    [Fact]
    public async Task ThreeLevels_CrashWithTheAppsRestoreFailingOnTheSecondPriority_EndsOnTheThirdThenSwitchesOverBack()
    {
        using var disk = new SharedDisk();
        await using var lab = LabCluster.CreateNamespaced(3);
        var mountPoint = await ThreeLevelsOnNode1Async(lab, disk, SwitchbackMode.Intelligent);
        Directory.CreateDirectory(Path.Combine(lab.GenAppStateDir, "node2"));
        File.WriteAllText(Path.Combine(lab.GenAppStateDir, "node2", "happ.fail-restore"), "spec\n");
        var mark = (await JournalAsync(lab, "node2")).Count;

        lab.Crash("node1");
        await RunsOnAsync(lab, "happ", "node3");

        Assert.Null(lab.RunningPid("happ", "node2"));
        Assert.True(disk.MountedFor(lab.RunningPid("happ", "node3")!.Value, mountPoint), "the file system is not mounted for node3's application");
        Assert.Equal("pub0", lab.HoldingNic("node3", Vip));
        Assert.Null(lab.HoldingNic("node2", Vip));
        var since = (await JournalAsync(lab, "node3")).Skip(mark).ToList();
        Assert.Contains(since, e => e is OperationEvents.OperationCascaded { FailedNode: "node2", Target: "node3" } c && c.Reason.Contains("restore of happ on node2 failed", StringComparison.Ordinal));
        AssertOrder(Actions(since, "node2"), [("hdata", KitAction.Restore), ("hvip", KitAction.Restore)], ("happ", KitAction.Restore), [("hdata", KitAction.Remove), ("hvip", KitAction.Remove)]);
        AssertOrder(Actions(since, "node3"), [("hdata", KitAction.Restore), ("hvip", KitAction.Restore)], ("happ", KitAction.Restore), []);

        // node1 back: intelligent switchback leaves the hierarchy where it is until an operator moves it.
        await lab.StartAsync("node1");
        mark = (await JournalAsync(lab, "node3")).Count;
        Assert.True(
            await Poll.UntilAsync(async () => (await Vigil(lab, "operator", "switchover", "happ", "node1")).Code == CliApp.Ok, TimeSpan.FromSeconds(30)),
            $"the switchover to node1 was never accepted; logs:\n{lab.LogTails()}");
        await RunsOnAsync(lab, "happ", "node1");

        Assert.Null(lab.RunningPid("happ", "node3"));
        Assert.Equal("pub0", lab.HoldingNic("node1", Vip));
        Assert.Null(lab.HoldingNic("node3", Vip));
        since = (await JournalAsync(lab, "node3")).Skip(mark).ToList();
        Assert.Contains(since, e => e is OperationEvents.OperationStarted { Kind: OperationKind.Switchover, From: "node3", Target: "node1" });
        AssertOrder(Actions(since, "node3"), [], ("happ", KitAction.Remove), [("hdata", KitAction.Remove), ("hvip", KitAction.Remove)]);
        AssertOrder(Actions(since, "node1"), [("hdata", KitAction.Restore), ("hvip", KitAction.Restore)], ("happ", KitAction.Restore), []);
    }

    [Fact]
    public async Task ThreeLevels_AutomaticSwitchback_TheFirstPriorityRejoins_TheWholeHierarchyReturnsChildrenFirst()
    {
        using var disk = new SharedDisk();
        await using var lab = LabCluster.CreateNamespaced(3);
        var mountPoint = await ThreeLevelsOnNode1Async(lab, disk, SwitchbackMode.Automatic);

        lab.Crash("node1");
        await RunsOnAsync(lab, "happ", "node2");
        var mark = (await JournalAsync(lab, "node2")).Count;
        await lab.StartAsync("node1");
        await RunsOnAsync(lab, "happ", "node1");

        Assert.Null(lab.RunningPid("happ", "node2"));
        Assert.True(disk.MountedFor(lab.RunningPid("happ", "node1")!.Value, mountPoint), "the file system is not mounted for node1's application");
        Assert.Equal("pub0", lab.HoldingNic("node1", Vip));
        Assert.Null(lab.HoldingNic("node2", Vip));
        var since = (await JournalAsync(lab, "node2")).Skip(mark).ToList();
        Assert.Contains(since, e => e is OperationEvents.OperationStarted { Kind: OperationKind.Switchback, From: "node2", Target: "node1" } o && o.Members.Contains("hdata") && o.Members.Contains("hvip"));
        AssertOrder(Actions(since, "node2"), [], ("happ", KitAction.Remove), [("hdata", KitAction.Remove), ("hvip", KitAction.Remove)]);
        AssertOrder(Actions(since, "node1"), [("hdata", KitAction.Restore), ("hvip", KitAction.Restore)], ("happ", KitAction.Restore), []);
    }

    private const string Vip = "10.77.0.51";

    /// <summary>Starts the lab and brings up happ → {hdata (ext4 on <paramref name="disk"/>), hvip} on node1, extended to node2 (2) and node3 (3); returns the mount point.</summary>
    private static async Task<string> ThreeLevelsOnNode1Async(LabCluster lab, SharedDisk disk, SwitchbackMode switchback)
    {
        foreach (var n in lab.Nodes)
        {
            await lab.StartAsync(n);
        }

        await lab.WaitForKitsAsync();
        var mountPoint = Path.Combine(lab.Dir, "data");
        await Create(lab, "hdata", "filesystem", switchback, new() { ["device"] = disk.Device, ["fsType"] = "ext4", ["mountPoint"] = mountPoint, ["fsck"] = "always" });
        await Create(lab, "hvip", "ip", switchback, new() { ["address"] = Vip + "/24", ["interface"] = "pub0" });
        await Create(lab, "happ", "genapp", switchback, AppParameters(lab, mountPoint));
        await lab.SubmitAsync(new ConfigurationCommands.AddDependency("happ", "hdata"));
        await lab.SubmitAsync(new ConfigurationCommands.AddDependency("happ", "hvip"));
        await lab.SubmitAsync(new ConfigurationCommands.ExtendResource("happ", "node2", 2));
        await lab.SubmitAsync(new ConfigurationCommands.ExtendResource("happ", "node3", 3));
        await lab.SubmitAsync(new OperatorCommands.RestoreResource("happ", "node1"));
        await RunsOnAsync(lab, "happ", "node1");
        await lab.WaitForOperationCompletedAsync("node1");
        return mountPoint;
    }

    private static Task Create(LabCluster lab, string tag, string type, SwitchbackMode switchback, Dictionary<string, string> parameters) =>
        lab.SubmitAsync(new ConfigurationCommands.CreateResource(tag, type, "node1", ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, parameters), switchback));

    /// <summary>The application: starts only if its file system is mounted; its restore is refused where the spec left a marker.</summary>
    private static Dictionary<string, string> AppParameters(LabCluster lab, string mountPoint)
    {
        var templates = Path.Combine(AppContext.BaseDirectory, "genapp-templates", "bash");
        var restore = lab.WriteScript("restore-unless-marked", $"""
            if [ -e "$VIGIL_PARAM_STATE_DIR/$VIGIL_NODE/$VIGIL_TAG.fail-restore" ]; then
              echo "restore of $VIGIL_TAG refused on $VIGIL_NODE by the spec's marker" >&2
              exit 1
            fi
            exec "{Path.Combine(templates, "restore")}" "$@"
            """);
        var app = lab.WriteScript("app.sh", "mountpoint -q \"$1\" && exec sleep 100000");
        return new Dictionary<string, string>
        {
            ["restore"] = restore,
            ["remove"] = Path.Combine(templates, "remove"),
            ["quickCheck"] = Path.Combine(templates, "quickCheck"),
            ["recover"] = Path.Combine(templates, "recover"),
            ["command"] = $"{app} {mountPoint}",
            ["state_dir"] = lab.GenAppStateDir,
        };
    }

    private static List<(string Tag, KitAction Action)> Actions(List<IVigilEvent> events, string node) =>
        [.. events.OfType<InstanceEvents.ActionRequested>().Where(a => a.Node == node).Select(a => (a.Tag, a.Action))];

    /// <summary>Each of <paramref name="before"/> is requested before <paramref name="pivot"/>, each of <paramref name="after"/> after it.</summary>
    private static void AssertOrder(List<(string Tag, KitAction Action)> actions, (string, KitAction)[] before, (string, KitAction) pivot, (string, KitAction)[] after)
    {
        var at = actions.IndexOf(pivot);
        Assert.True(at >= 0, $"no {pivot} in {string.Join(", ", actions)}");
        Assert.All(before, b => Assert.InRange(actions.IndexOf(b), 0, at - 1));
        Assert.All(after, a => Assert.True(actions.LastIndexOf(a) > at, $"{a} not after {pivot} in {string.Join(", ", actions)}"));
    }

    private static Task<(int Code, string Out, string Err)> Vigil(LabCluster lab, string role, params string[] args) =>
        ControlApiLab.VigilAsync([.. args, "--lab", lab.Dir, "--lab-node", lab.Nodes.First(lab.IsUp), "--as", role]);

    /// <summary>Waits (30 s) until <paramref name="tag"/> runs on <paramref name="node"/> (ground truth), or fails with the nodes' logs.</summary>
    internal static async Task RunsOnAsync(LabCluster lab, string tag, string node) =>
        Assert.True(
            await Poll.UntilAsync(() => Task.FromResult(lab.RunningPid(tag, node) is not null), TimeSpan.FromSeconds(30)),
            $"{tag} does not run on {node}; logs:\n{lab.LogTails()}");

    internal static async Task<List<IVigilEvent>> JournalAsync(LabCluster lab, string node) =>
        [.. (await lab.ReadJournalAsync(node)).Select(e => e.Envelope.Data)];
}
