using System.Collections.Concurrent;
using System.Diagnostics;
using Vigil.Cli;
using Vigil.Engine.Events;
using Vigil.ReplicationDriver.Client;
using Xunit.Abstractions;

namespace Vigil.Specs.Lab;

/// <summary>
/// Issue 8, the last gap of pause: a sync target paused while its link is already dead never hears the in-band
/// <c>Paused</c> frame, so it did not outdate itself and stayed promotable although it misses every write made since.
/// A sync mirror resource with copies on node1 (primary), node2 (priority 2) and node3 (priority 3), no witness. The
/// mirror link between node1 and node2 is cut (consensus still reaches both) and, before node1's link notices (its
/// receive timeout), an operator pauses node2
/// through the API: the pause commits an outdate mark through consensus (node1 and node3) first. node1 writes, the cut
/// heals, node1 crashes: node2's restore is refused (outdated by consensus, the pause named) and the hierarchy comes up
/// on node3 with node1's writes (node2 then resyncs from node3). Ground truth: every node's vigil-repd, sampled; node2 is never primary.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class MirrorPauseOutdateSpecs(ITestOutputHelper output)
{
    private const string Name = "pvol";

    [Fact]
    public async Task PauseSyncTarget_LinkAlreadyDown_MarkedThroughConsensus_CrashOfPrimaryNeverPromotesIt()
    {
        var clock = Stopwatch.StartNew();
        await using var lab = LabCluster.CreateNamespaced(3, witness: false, fencing: "none");
        using var mirror = new MirrorLab(lab);
        mirror.Enable();
        foreach (var n in lab.Nodes)
        {
            await lab.StartAsync(n);
        }

        await lab.WaitForKitsAsync();
        var copies = new MirrorCopies(lab, mirror, Name);
        await copies.CreateAsync("sync", ["node1", "node2", "node3"], 16);

        using var sampling = new CancellationTokenSource();
        var everPrimary = new ConcurrentDictionary<string, bool>();
        var sampler = Task.Run(async () =>
        {
            using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100)); // a sampling rate, not a wait for something
            while (!sampling.IsCancellationRequested)
            {
                foreach (var n in lab.Nodes)
                {
                    if ((await mirror.StatusAsync(n, Name))?.Role == MirrorRole.Primary)
                    {
                        everPrimary[n] = true;
                    }
                }

                await tick.WaitForNextTickAsync(CancellationToken.None);
            }
        });

        // The setup's own mark (made by the watch while the new copies did not exist yet) is lifted once they mirror.
        var marks = Path.Combine(lab.Dir, "data-node1", "repd", "outdated");
        Assert.True(
            await Poll.UntilAsync(() => Task.FromResult(!File.Exists(marks) || File.ReadAllText(marks).Trim().Length == 0), TimeSpan.FromSeconds(60)),
            $"a copy stays marked outdated: {File.ReadAllText(marks)}; logs:\n{lab.LogTails()}");

        // The link dies unnoticed (no frame gets through now), then the operator pauses node2 through node1's API.
        lab.CutMirrorLink("node1", "node2", MirrorLab.Port, heal: false);
        var cut = Stopwatch.StartNew();
        var paused = await ControlApiLab.VigilAsync("mirror", "pause", Name, "--peer", "node2", "--lab", lab.Dir, "--lab-node", "node1", "--as", "operator");
        Assert.True(paused.Code == CliApp.Ok, $"pause exited {paused.Code}: {paused.Err}");
        // The pause's mark, or — when the driver answered the pause only after its link timed out (seen under load: the
        // status read waits on the dying link) — the fence's mark made first; either keeps node2 from being promoted.
        var mark = await lab.WaitForEventAsync("node3", e => e is MirrorEvents.MirrorCopyOutdated { Mirror: Name, Node: "node2" } m && m.Reason.Contains("paused by 'operator'", StringComparison.Ordinal), TimeSpan.FromSeconds(5))
            ?? await lab.WaitForEventAsync("node3", e => e is MirrorEvents.MirrorCopyOutdated { Mirror: Name, Node: "node2" }, TimeSpan.FromSeconds(30));
        Assert.True(mark is not null, $"no committed mark on node2's copy; paused {cut.Elapsed.TotalSeconds:F1} s after the cut: {paused.Out}; logs:\n{lab.LogTails()}");
        var markReason = ((MirrorEvents.MirrorCopyOutdated)mark.Envelope.Data).Reason;
        output.WriteLine($"paused {cut.Elapsed.TotalSeconds:F1} s after the cut; node2's mark: {markReason}");
        copies.Write("node1", 0xd5, "0", "1M");
        Assert.NotEqual(0xd5, copies.Read("node2", 0, 1)[0]); // acknowledged, and missing on node2: promoting it would lose them
        lab.CutMirrorLink("node1", "node2", MirrorLab.Port, heal: true);
        Assert.Equal(PeerLinkState.Paused, (await mirror.StatusAsync("node1", Name))!.Peers.Single(p => p.Node == "node2").State);
        everPrimary.Clear();
        lab.Crash("node1");

        Assert.True(
            await Poll.UntilAsync(async () => (await mirror.StatusAsync("node3", Name))?.Role == MirrorRole.Primary, TimeSpan.FromSeconds(120)),
            $"the mirror did not come up on node3: node2 {await mirror.StatusAsync("node2", Name)}; node3 {await mirror.StatusAsync("node3", Name)}; logs:\n{lab.LogTails()}");
        var cascaded = await lab.WaitForEventAsync("node3", e => e is OperationEvents.OperationCascaded { FailedNode: "node2" }, TimeSpan.FromSeconds(10));
        await sampling.CancelAsync();
        await sampler;
        Assert.True(cascaded is not null, "the takeover did not try node2 (priority 2) and cascade past it");
        var reason = ((OperationEvents.OperationCascaded)cascaded.Envelope.Data).Reason;
        Assert.Contains("outdated by consensus", reason, StringComparison.Ordinal);
        Assert.Contains(markReason, reason, StringComparison.Ordinal);
        Assert.False(everPrimary.ContainsKey("node2"), "node2's paused (behind) copy was promoted");
        Assert.Equal(0xd5, copies.Read("node3", 0, 1)[0]); // node1's writes while node2 was paused are on the new primary
        output.WriteLine($"node2 paused with its link cut → marked ({markReason}) → node1 crashed → node2 refused ({reason}) → node3 primary; {clock.Elapsed.TotalSeconds:F0} s");
    }

    [Fact]
    public async Task PauseSyncTarget_PrimaryCutOffFromTheMajority_RefusedNotCommitted_NothingPaused()
    {
        await using var lab = LabCluster.CreateNamespaced(3, witness: false, fencing: "none");
        using var mirror = new MirrorLab(lab);
        mirror.Enable();
        foreach (var n in lab.Nodes)
        {
            await lab.StartAsync(n);
        }

        await lab.WaitForKitsAsync();
        var copies = new MirrorCopies(lab, mirror, Name);
        await copies.CreateAsync("sync", ["node1", "node2"], 16);

        // node1 alone can commit nothing; its API (reached from the client namespace) still answers.
        lab.Partition(["node1"], heal: false);
        var paused = await ControlApiLab.VigilAsync("mirror", "pause", Name, "--peer", "node2", "--lab", lab.Dir, "--lab-node", "node1", "--as", "operator");

        Assert.True(paused.Code != CliApp.Ok, $"pause without a majority succeeded: {paused.Out}");
        // Not committed (no majority); under load node1 may have released the mirror (quorum lost) before the request
        // arrives, and then its driver refuses (not primary). Either way nothing was paused.
        Assert.True(
            paused.Err.Contains("was not committed", StringComparison.Ordinal) && paused.Err.Contains("node2 was not paused", StringComparison.Ordinal)
                || paused.Err.Contains("repd-refused", StringComparison.Ordinal),
            paused.Err);
        var link = (await mirror.StatusAsync("node1", Name))!.Peers.Single(p => p.Node == "node2");
        Assert.NotEqual(PeerLinkState.Paused, link.State);
        output.WriteLine($"pause refused (exit {paused.Code}): {paused.Err.Trim()}; node1's link to node2: {link.State}");
    }
}
