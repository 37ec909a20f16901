using System.Collections.Immutable;
using Vigil.Cli.Lab;
using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;

namespace Vigil.Specs.Lab;

/// <summary>
/// Issue 8: a node frozen past its lease is declared dead and its hierarchy taken over; thawed, it cannot remove its own
/// copy (its remove fails: "target is busy"), neither in its quorum-loss action nor when it caught up. That failure used
/// to be forgotten and the copy ran on beside the takeover. Now the node reports it and the engine requests the remove
/// again through the log until it succeeds (here: once the fault is gone). Ground truth: the application's process.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class ReleaseAfterQuorumLossLabSpecs
{
    private const string Tag = "app";

    [Fact]
    public async Task FrozenPastTheLease_RemoveFailsOnReturn_ReportedAndRemovedAgainByTheEngine()
    {
        Assert.True(Shell.IsRoot, "the lease specs need root for the namespace lab and its cgroup freezer (CI runs as root)");
        await using var lab = LabCluster.Create(3, namespaces: true);
        foreach (var n in lab.Nodes)
        {
            await lab.StartAsync(n);
        }

        await lab.WaitForKitsAsync();
        var busy = Path.Combine(lab.Dir, "remove-busy");
        await CreateAppAsync(lab, busy);
        await lab.SubmitAsync(new ConfigurationCommands.ExtendResource(Tag, "node2", 2));
        await lab.SubmitAsync(new OperatorCommands.RestoreResource(Tag, "node1"));
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(lab.RunningPid(Tag, "node1") is not null), TimeSpan.FromSeconds(30)), "app did not come up on node1:\n" + lab.Output("node1"));
        Assert.NotNull(await lab.WaitForEventAsync("node1", e => e is OperationEvents.OperationCompleted { Node: "node1" }, TimeSpan.FromSeconds(30)));

        File.WriteAllText(busy, "the application's mount is busy\n");
        LabFreezer.Set(lab.State.LabId, "node1", frozen: true);
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(lab.RunningPid(Tag, "node2") is not null), TimeSpan.FromSeconds(30)), "the majority did not take over from the frozen node1");
        LabFreezer.Set(lab.State.LabId, "node1", frozen: false);

        var report = await lab.WaitForEventAsync("node2", e => e is MembershipInputs.ReportReleaseFailed { Node: "node1", Tag: Tag }, TimeSpan.FromSeconds(60));
        Assert.True(report is not null, "node1 never reported the release it could not do:\n" + lab.Output("node1"));
        Assert.NotNull(lab.RunningPid(Tag, "node1")); // the fault held: still running beside the takeover
        File.Delete(busy);

        Assert.True(await Poll.UntilAsync(() => Task.FromResult(lab.RunningPid(Tag, "node1") is null), TimeSpan.FromSeconds(60)), "node1 still runs app:\n" + lab.Output("node1"));
        Assert.NotNull(lab.RunningPid(Tag, "node2"));
        var removed = await lab.WaitForEventAsync("node2", e => e is InstanceEvents.InstanceTransitioned { Tag: Tag, Node: "node1", Trigger: InstanceTrigger.RemoveSucceeded }, TimeSpan.FromSeconds(30));
        Assert.NotNull(removed);
        var journal = await lab.ReadJournalAsync("node2");
        Assert.Contains(journal, e => e.Envelope.Data is InstanceEvents.ActionRequested { Tag: Tag, Node: "node1", Action: KitAction.Remove, OperationId: 0 });
    }

    /// <summary>A GenApp resource (<c>sleep</c>) whose remove fails while <paramref name="busy"/> exists.</summary>
    internal static async Task CreateAppAsync(LabCluster lab, string busy)
    {
        var templates = Path.Combine(AppContext.BaseDirectory, "genapp-templates", "bash");
        var remove = Path.Combine(lab.Dir, "remove-unless-busy");
        File.WriteAllText(remove, $"#!/usr/bin/env bash\nif [ -e '{busy}' ]; then echo 'umount: target is busy' >&2; exit 1; fi\nexec '{Path.Combine(templates, "remove")}' \"$@\"\n");
        File.SetUnixFileMode(remove, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var parameters = ImmutableSortedDictionary.CreateRange(StringComparer.Ordinal, new Dictionary<string, string>
        {
            ["restore"] = Path.Combine(templates, "restore"),
            ["remove"] = remove,
            ["quickCheck"] = Path.Combine(templates, "quickCheck"),
            ["recover"] = Path.Combine(templates, "recover"),
            ["command"] = "sleep 100000",
            ["state_dir"] = lab.GenAppStateDir,
        });
        await lab.SubmitAsync(new ConfigurationCommands.CreateResource(Tag, "genapp", "node1", parameters, SwitchbackMode.Intelligent));
    }
}
