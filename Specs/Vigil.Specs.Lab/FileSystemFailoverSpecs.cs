using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;

namespace Vigil.Specs.Lab;

/// <summary>
/// The filesystem kit in a hierarchy (issue 6): a GenApp application depending on an ext4 file system on the lab's
/// shared disk (<see cref="SharedDisk"/>), two members and a witness. The application notes each start in the file
/// system; the spec writes a file through node1's own view of the mount before crashing it.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class FileSystemFailoverSpecs
{
    [Fact]
    public async Task Crash_TheActiveNode_BackupChecksAndMountsTheFileSystemAndTheAppSeesTheData()
    {
        using var disk = new SharedDisk();
        await using var lab = LabCluster.CreateNamespaced(2);
        var mountPoint = Path.Combine(lab.Dir, "data");
        foreach (var n in lab.Nodes)
        {
            await lab.StartAsync(n);
        }

        await lab.WaitForKitsAsync();
        await lab.CreateResourceAsync("data", "filesystem", "node1", new Dictionary<string, string>
        {
            ["device"] = disk.Device,
            ["fsType"] = "ext4",
            ["mountPoint"] = mountPoint,
            ["fsck"] = "always",
        });
        var app = lab.WriteScript("app.sh", "echo \"$VIGIL_NODE\" >> \"$1/starts\" && sync \"$1/starts\" && exec sleep 100000");
        await lab.CreateGenAppAsync("app", "node1", $"{app} {mountPoint}");
        await lab.SubmitAsync(new ConfigurationCommands.AddDependency("app", "data"));
        await lab.SubmitAsync(new ConfigurationCommands.ExtendResource("app", "node2", 2));
        await lab.SubmitAsync(new OperatorCommands.RestoreResource("app", "node1"));
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(lab.RunningPid("app", "node1") is not null), TimeSpan.FromSeconds(30)), $"app did not start on node1; logs:\n{lab.LogTails()}");
        await lab.WaitForOperationCompletedAsync("node1");
        var pid1 = lab.RunningPid("app", "node1")!.Value;
        Assert.True(disk.MountedFor(pid1, mountPoint));
        // Written through node1's view (its mount namespace), synced: data the application had on disk at the crash.
        using (var file = new FileStream($"/proc/{pid1}/root{mountPoint}/before-crash", FileMode.CreateNew))
        {
            file.Write("written on node1"u8);
            file.Flush(flushToDisk: true);
        }

        Assert.False(File.Exists(Path.Combine(mountPoint, "before-crash")), "the mount leaked out of node1's mount namespace");

        lab.Crash("node1");

        Assert.True(await Poll.UntilAsync(() => Task.FromResult(lab.RunningPid("app", "node2") is not null), TimeSpan.FromSeconds(30)), $"app did not fail over to node2; logs:\n{lab.LogTails()}");
        var pid2 = lab.RunningPid("app", "node2")!.Value;
        Assert.True(disk.MountedFor(pid2, mountPoint), "the file system is not mounted for node2's application");
        Assert.Equal("written on node1", File.ReadAllText($"/proc/{pid2}/root{mountPoint}/before-crash"));
        // The pid file appears as the application is launched, before it has written its start line: poll for it.
        var starts = $"/proc/{pid2}/root{mountPoint}/starts";
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(File.ReadAllLines(starts).Length >= 2), TimeSpan.FromSeconds(10)));
        Assert.Equal(["node1", "node2"], File.ReadAllLines(starts));
        var journal = (await lab.ReadJournalAsync("node2")).Select(e => e.Envelope.Data).ToList();
        var restores = journal.OfType<InstanceEvents.ActionRequested>().Where(a => a is { Node: "node2", Action: KitAction.Restore }).Select(a => a.Tag).ToList();
        Assert.Equal(["data", "app"], restores); // checked and mounted before the application starts
        Assert.Contains(journal, e => e is OperationEvents.OperationStarted { Kind: OperationKind.Failover, Target: "node2" });
    }
}
