using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.ReplicationDriver.Client;
using Xunit.Abstractions;

namespace Vigil.Specs.Lab;

/// <summary>
/// A replicated hierarchy (issue 8): app (GenApp) → ext4 file system → sync mirror, on node1 and node2 with a witness.
/// The file system sits on the primary's export through nbdfuse and a loop device (the mirror kit's <c>device</c>).
/// The application appends numbered records, fsyncs each and notes the last fsync'd number outside the mirror: the
/// number a crash must not lose. Ground truth from the application's view of its mount and from each vigil-repd.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class MirrorFailoverSpecs(ITestOutputHelper output)
{
    private const string Volume = "vol";
    private const long Chunks = (32L << 20) / 65536;
    private const int Extents = 32 / 4; // activity-log extents of 4 MiB

    [Fact]
    public async Task Crash_ThePrimary_HierarchyComesUpOnTheTargetWithEveryFsyncedRecord_ThenOnlyDirtyChunksResyncBothWays()
    {
        await using var lab = LabCluster.CreateNamespaced(2);
        using var mirror = new MirrorLab(lab);
        mirror.Enable();
        var mountPoint = Path.Combine(lab.Dir, "data");
        var acked = Path.Combine(lab.Dir, "acked");
        foreach (var n in lab.Nodes)
        {
            await lab.StartAsync(n);
        }

        await lab.WaitForKitsAsync();
        await lab.CreateResourceAsync(Volume, "mirror", "node1", new Dictionary<string, string>
        {
            ["mirror"] = Volume,
            ["nodes"] = "node1,node2",
            ["sizeMiB"] = "32",
            ["mode"] = "sync",
            ["device"] = mirror.Device,
        });
        await lab.SubmitAsync(new OperatorCommands.RestoreResource(Volume, "node1"));
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(File.Exists(mirror.Device)), TimeSpan.FromSeconds(60)), $"the mirror was not attached on node1; logs:\n{lab.LogTails()}");
        await lab.WaitForOperationCompletedAsync("node1");
        Vigil.Cli.Lab.Shell.Run("mkfs.ext4", "-q", mirror.Device); // a new volume: the operator makes the file system once

        await lab.CreateResourceAsync("data", "filesystem", "node1", new Dictionary<string, string>
        {
            ["device"] = mirror.Device,
            ["fsType"] = "ext4",
            ["mountPoint"] = mountPoint,
            ["fsck"] = "always",
        });
        var app = lab.WriteScript("records.sh", """
            i=$(wc -l < "$1/records" 2>/dev/null || echo 0)
            while :; do
              i=$((i + 1)); echo "$i" >> "$1/records"; sync "$1/records"; echo "$i" > "$2.tmp"; mv "$2.tmp" "$2"; sleep 0.02
            done
            """);
        await lab.CreateGenAppAsync("app", "node1", $"{app} {mountPoint} {acked}");
        await lab.SubmitAsync(new ConfigurationCommands.AddDependency("app", "data"));
        await lab.SubmitAsync(new ConfigurationCommands.AddDependency("data", Volume));
        await lab.SubmitAsync(new ConfigurationCommands.ExtendResource("app", "node2", 2));
        await lab.SubmitAsync(new OperatorCommands.RestoreResource("app", "node1"));
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(lab.RunningPid("app", "node1") is not null), TimeSpan.FromSeconds(60)), $"app did not start on node1; logs:\n{lab.LogTails()}");
        await lab.WaitForOperationCompletedAsync("node1");

        // node2's copy: created by the extension, fully resynced, then mirroring while the application writes.
        Assert.True(
            await Poll.UntilAsync(async () => (await mirror.PeerAsync("node1", Volume, "node2"))?.State == PeerLinkState.Mirroring, TimeSpan.FromSeconds(60)),
            $"node2 never mirrored: {await mirror.StatusAsync("node1", Volume)}; logs:\n{lab.LogTails()}");
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(File.Exists(acked) && Records(acked) >= 50), TimeSpan.FromSeconds(30)), "the application does not write");

        // Wait for an activity-log cooling (every 30 s): until then the extents mkfs touched are all still hot, and a
        // crash now would resync every chunk of this small volume (correct, but it would not show the bitmap at work).
        Assert.True(
            await Poll.UntilAsync(async () => (await mirror.StatusAsync("node1", Volume))?.HotExtents < Extents, TimeSpan.FromSeconds(90)),
            $"node1's activity log never cooled: {await mirror.StatusAsync("node1", Volume)}");
        lab.Crash("node1");
        var lastAcked = Records(acked); // the application is dead: nothing fsyncs after this

        Assert.True(await Poll.UntilAsync(() => Task.FromResult(lab.RunningPid("app", "node2") is not null), TimeSpan.FromSeconds(90)), $"app did not fail over to node2; logs:\n{lab.LogTails()}");
        var pid2 = lab.RunningPid("app", "node2")!.Value;
        var records = File.ReadAllLines($"/proc/{pid2}/root{mountPoint}/records").Where(l => l.Length > 0).Select(long.Parse).ToList();
        Assert.True(records.Count >= lastAcked, $"{lastAcked} records were fsync'd on node1, node2 has {records.Count}");
        Assert.Equal(Enumerable.Range(1, (int)lastAcked).Select(i => (long)i), records.Take((int)lastAcked)); // every fsync'd record, in order
        var journal = (await lab.ReadJournalAsync("node2")).Select(e => e.Envelope.Data).ToList();
        Assert.Contains(journal, e => e is MirrorEvents.MirrorCopyOutdated { Mirror: Volume, Node: "node1" }); // through consensus, before writes resumed
        Assert.Contains(journal, e => e is MirrorInputs.ReportMirrorState { Observer: "node2", Mirror: Volume, State: "primary" });

        // node1 returns: its copy resyncs from node2, dirty chunks only, and the outdated mark is lifted.
        var before = (await mirror.PeerAsync("node2", Volume, "node1"))!.ResyncedChunksTotal;
        await lab.StartAsync("node1");
        Assert.True(
            await lab.WaitForEventAsync("node2", e => e is MirrorEvents.MirrorCopyCurrent { Mirror: Volume, Node: "node1" }, TimeSpan.FromSeconds(90)) is not null,
            $"node1's copy never became current: {string.Join(", ", (await mirror.StatusAsync("node2", Volume))?.Peers ?? [])}; node2's mirror log:\n{string.Join("\n", lab.Output("node2").Split('\n').Where(l => l.Contains("Daemon.Mirror", StringComparison.Ordinal)).TakeLast(20))}");
        var back = (await mirror.PeerAsync("node2", Volume, "node1"))!.ResyncedChunksTotal - before;
        Assert.InRange(back, 1, Chunks - 1); // not a full resync
        output.WriteLine($"{lastAcked} fsync'd records before the crash, {records.Count} on node2; node1 came back with {back} of {Chunks} chunks resynced");

        // Switchover back: node2 hands over cleanly, node1 takes the primary role with at most a bitmap resync.
        var node1Before = (await mirror.PeerAsync("node1", Volume, "node2"))!.ResyncedChunksTotal;
        await lab.SubmitAsync(new OperatorCommands.Switchover("app", "node1"));
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(lab.RunningPid("app", "node1") is not null), TimeSpan.FromSeconds(90)), $"app did not switch over to node1; logs:\n{lab.LogTails()}");
        Assert.True(
            await Poll.UntilAsync(async () => (await mirror.PeerAsync("node1", Volume, "node2"))?.State == PeerLinkState.Mirroring, TimeSpan.FromSeconds(60)),
            $"node2 does not mirror node1 again: {await mirror.StatusAsync("node1", Volume)}");
        var switched = (await mirror.PeerAsync("node1", Volume, "node2"))!.ResyncedChunksTotal - node1Before;
        Assert.InRange(switched, 0, Chunks - 1);
        output.WriteLine($"switchover back: {switched} chunks resynced");
        var pid1 = lab.RunningPid("app", "node1")!.Value;
        var after = File.ReadAllLines($"/proc/{pid1}/root{mountPoint}/records").Where(l => l.Length > 0).Select(long.Parse).ToList();
        Assert.Equal(Enumerable.Range(1, (int)lastAcked).Select(i => (long)i), after.Take((int)lastAcked));
    }

    private static long Records(string acked) => long.TryParse(File.ReadAllText(acked).Trim(), out var n) ? n : 0;
}
