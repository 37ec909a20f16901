using System.Diagnostics;
using Vigil.Engine.Commands;
using Vigil.ReplicationDriver.Client;
using Xunit.Abstractions;

namespace Vigil.Specs.Lab;

/// <summary>
/// Issue 8, async mode: copies that were both written while apart are detected and reported as split brain, never
/// merged. node1 holds the async mirror resource with the quorum (node1 + witness); node2 is cut off and its operator
/// forces its copy primary (a DR site brought up by hand) and writes; node1 writes too. After the heal both sides
/// report the split brain (driver status and journal), nothing is resynced, and once the operator discards node2's
/// side the copies converge (same SHA-256). Ground truth: the volume files on each node.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class MirrorSplitBrainSpecs(ITestOutputHelper output)
{
    private const string Name = "avol";

    [Fact]
    public async Task Partition_BothSidesWriteAsync_SplitBrainReportedOnBothNotMerged_DiscardConverges()
    {
        var clock = Stopwatch.StartNew();
        await using var lab = LabCluster.CreateNamespaced(2);
        using var mirror = new MirrorLab(lab);
        mirror.Enable();
        foreach (var n in lab.Nodes)
        {
            await lab.StartAsync(n);
        }

        await lab.WaitForKitsAsync();
        var copies = new MirrorCopies(lab, mirror, Name);
        await copies.CreateAsync("async", ["node1", "node2"], 8);
        copies.Write("node1", 0xa1, "0", "256k");
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(copies.Sha256("node1") == copies.Sha256("node2")), TimeSpan.FromSeconds(30)), "the copies never matched before the partition");

        lab.Partition(["node2"], heal: false);
        Assert.True(
            await Poll.UntilAsync(async () => (await mirror.PeerAsync("node1", Name, "node2"))?.State == PeerLinkState.Disconnected, TimeSpan.FromSeconds(30)),
            $"node1 never lost node2: {await mirror.StatusAsync("node1", Name)}");
        copies.Write("node1", 0xb1, "1M", "256k"); // async: node1 goes on writing alone

        // node2's operator forces its stale copy primary (promote refuses it otherwise) once its link to node1 is gone too.
        MirrorStatus? forced = null;
        Assert.True(
            await Poll.UntilAsync(
                async () =>
                {
                    try
                    {
                        forced = await mirror.Driver("node2").PromoteAsync(Name, force: true);
                        return true;
                    }
                    catch (ControlException e) when (e.Message.Contains("connected to primary", StringComparison.Ordinal))
                    {
                        return false;
                    }
                },
                TimeSpan.FromSeconds(30)),
            $"node2 could not be forced primary: {await mirror.StatusAsync("node2", Name)}");
        Assert.Equal(MirrorRole.Primary, forced!.Role);
        copies.Write("node2", 0xc2, "2M", "256k");
        var before = (node1: (await mirror.PeerAsync("node1", Name, "node2"))!.ResyncedChunksTotal, node2: (await mirror.PeerAsync("node2", Name, "node1"))!.ResyncedChunksTotal);

        lab.Partition(["node2"], heal: true);
        foreach (var (n, peer) in new[] { ("node1", "node2"), ("node2", "node1") })
        {
            Assert.True(
                await Poll.UntilAsync(async () => await mirror.StatusAsync(n, Name) is { SplitBrain: true } s && s.Peers.Single(p => p.Node == peer).State == PeerLinkState.SplitBrain, TimeSpan.FromSeconds(60)),
                $"{n} does not report split brain with {peer}: {await mirror.StatusAsync(n, Name)}\n{copies.RepdLog(n)}");
            Assert.True(
                await lab.WaitForEventAsync(n, e => e is MirrorInputs.ReportMirrorState { Mirror: Name, State: "split-brain" } r && r.Observer == n && r.Peer == peer, TimeSpan.FromSeconds(30)) is not null,
                $"{n} journaled no split brain with {peer}");
        }

        // Not merged: for a while (several of the driver's 2 s reconnect attempts) nothing is resynced either way.
        Assert.False(
            await Poll.UntilAsync(
                async () => (await mirror.PeerAsync("node1", Name, "node2"))?.ResyncedChunksTotal != before.node1 || (await mirror.PeerAsync("node2", Name, "node1"))?.ResyncedChunksTotal != before.node2
                            || (await mirror.StatusAsync("node1", Name))?.SplitBrain != true || (await mirror.StatusAsync("node2", Name))?.SplitBrain != true,
                TimeSpan.FromSeconds(8)),
            $"the split brain was resolved by itself: node1 {await mirror.StatusAsync("node1", Name)}; node2 {await mirror.StatusAsync("node2", Name)}");
        Assert.Equal(0xb1, copies.Read("node1", 1 << 20, 1)[0]);
        Assert.Equal(0x00, copies.Read("node1", 2 << 20, 1)[0]); // node2's write did not travel
        Assert.Equal(0xc2, copies.Read("node2", 2 << 20, 1)[0]);
        Assert.Equal(0x00, copies.Read("node2", 1 << 20, 1)[0]); // nor node1's
        var outdated = await lab.WaitForEventAsync("node1", e => e is Vigil.Engine.Events.MirrorEvents.MirrorCopyOutdated, TimeSpan.Zero);
        Assert.Null(outdated); // async: nothing is fenced or outdated behind the operator's back

        // The operator resolves it: node2's changes are thrown away; node1 stays primary and resyncs node2.
        await mirror.Driver("node2").DemoteAsync(Name);
        await mirror.Driver("node2").DiscardMyDataAsync(Name);
        await copies.WaitMirroringAsync("node1", "node2");
        Assert.True(
            await Poll.UntilAsync(() => Task.FromResult(copies.Sha256("node1") == copies.Sha256("node2")), TimeSpan.FromSeconds(30)),
            $"the copies differ after the resync: node1 {copies.Sha256("node1")}, node2 {copies.Sha256("node2")}");
        Assert.Equal(0xb1, copies.Read("node2", 1 << 20, 1)[0]);
        Assert.Equal(0x00, copies.Read("node2", 2 << 20, 1)[0]);
        Assert.False((await mirror.StatusAsync("node1", Name))!.SplitBrain);
        var resynced = (await mirror.PeerAsync("node1", Name, "node2"))!.ResyncedChunksTotal - before.node1;
        output.WriteLine($"split brain detected on both sides, nothing merged; after the discard node1 resynced {resynced} chunks to node2; {clock.Elapsed.TotalSeconds:F0} s");
        Assert.InRange(resynced, 8, 128 - 1); // the union of both sides' changes (4 + 4 chunks), not the whole volume
    }
}
