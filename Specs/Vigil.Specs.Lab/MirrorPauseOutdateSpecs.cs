using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Vigil.Cli;
using Vigil.Engine.Events;
using Vigil.ReplicationDriver.Client;
using Xunit.Abstractions;

namespace Vigil.Specs.Lab;

/// <summary>
/// Issue 8, the last gap of pause: a sync target paused while its link is already dead never hears the in-band
/// <c>Paused</c> frame, so it did not outdate itself and stayed promotable although it misses every write made since.
/// A sync mirror resource with copies on node1 (primary), node2 (priority 2) and node3 (priority 3), no witness. The
/// mirror link between node1 and node2 is cut (consensus still reaches both) and, before node1's link notices, an
/// operator pauses node2 through the API: the pause commits an outdate mark through consensus (node1 and node3) first.
/// node1 writes, the cut heals, node1 crashes: node2's restore is refused (outdated by consensus, the pause named) and
/// the hierarchy comes up on node3 with node1's writes (node2 then resyncs from node3). Ground truth: every node's
/// vigil-repd, sampled; node2 is never primary.
/// node1's ends of its links give up after 60 s of silence (<c>[local] mirror-link-timeout-ms</c>), not the default
/// 6 s: on a loaded machine the pause (a consensus round, two driver calls) took 6 s itself, and once node1's link
/// timed out, its fence marked node2 first ("sync target lost") and the pause was no longer what kept node2 behind.
/// The refusal spec uses <c>quorum-loss = freeze</c>, so that node1 is still the primary when the pause arrives
/// (with osu it removes the mirror on losing quorum, and its driver refuses the pause instead).
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
        var config = File.ReadAllText(lab.ConfigPath("node1"));
        File.WriteAllText(lab.ConfigPath("node1"), Regex.Replace(config, @"^\[local\]$", "[local]\nmirror-link-timeout-ms = 60000", RegexOptions.Multiline));
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
        var took = cut.Elapsed;
        // The pause's own mark: had node1's link timed out first, its fence would have marked node2 ("sync target lost")
        // and the pause's mark would have been a no-op.
        var mark = await lab.WaitForEventAsync("node3", e => e is MirrorEvents.MirrorCopyOutdated { Mirror: Name, Node: "node2" } m && m.Reason.Contains("paused by 'operator'", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.True(mark is not null, $"no committed mark by the pause on node2's copy; paused {took.TotalSeconds:F1} s after the cut: {paused.Out}; logs:\n{lab.LogTails()}");
        var markReason = ((MirrorEvents.MirrorCopyOutdated)mark.Envelope.Data).Reason;
        output.WriteLine($"paused {took.TotalSeconds:F1} s after the cut; node2's mark: {markReason}");
        copies.Write("node1", 0xd5, "0", "1M");
        Assert.NotEqual(0xd5, copies.Read("node2", 0, 1)[0]); // acknowledged, and missing on node2: promoting it would lose them
        lab.CutMirrorLink("node1", "node2", MirrorLab.Port, heal: true);
        Assert.Equal(PeerLinkState.Paused, (await mirror.StatusAsync("node1", Name))!.Peers.Single(p => p.Node == "node2").State);
        // The watch never lifted the pause's mark (node2 mirrored, from node1's side, until the driver paused it).
        var sinceMark = (await lab.ReadJournalAsync("node1")).SkipWhile(e => e.Envelope.Data is not MirrorEvents.MirrorCopyOutdated { Mirror: Name, Node: "node2" } m || !m.Reason.Contains("paused by 'operator'", StringComparison.Ordinal));
        Assert.DoesNotContain(sinceMark, e => e.Envelope.Data is MirrorEvents.MirrorCopyCurrent { Mirror: Name, Node: "node2" });
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
        Assert.Contains(markReason, reason, StringComparison.Ordinal); // the pause's own mark kept node2 out
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
            // Losing quorum, node1 leaves the mirror running (primary): the pause reaches a primary that commits nothing.
            File.WriteAllText(lab.ConfigPath(n), Regex.Replace(File.ReadAllText(lab.ConfigPath(n)), @"^\[cluster\]$", "[cluster]\nquorum-loss = freeze", RegexOptions.Multiline));
            await lab.StartAsync(n);
        }

        await lab.WaitForKitsAsync();
        var copies = new MirrorCopies(lab, mirror, Name);
        await copies.CreateAsync("sync", ["node1", "node2"], 16);

        // node1 alone can commit nothing; its API (reached from the client namespace) still answers.
        lab.Partition(["node1"], heal: false);
        var paused = await ControlApiLab.VigilAsync("mirror", "pause", Name, "--peer", "node2", "--lab", lab.Dir, "--lab-node", "node1", "--as", "operator");

        Assert.True(paused.Code != CliApp.Ok, $"pause without a majority succeeded: {paused.Out}");
        Assert.True(
            paused.Err.Contains("was not committed", StringComparison.Ordinal) && paused.Err.Contains("node2 was not paused", StringComparison.Ordinal),
            $"exit {paused.Code}: {paused.Err}; logs:\n{lab.LogTails()}");
        var after = (await mirror.StatusAsync("node1", Name))!;
        Assert.Equal(MirrorRole.Primary, after.Role); // still primary (frozen), and it did not pause node2
        var link = after.Peers.Single(p => p.Node == "node2");
        Assert.NotEqual(PeerLinkState.Paused, link.State);
        Assert.DoesNotContain($"{Name}@node2", File.Exists(Path.Combine(lab.Dir, "data-node1", "repd", "outdated")) ? File.ReadAllText(Path.Combine(lab.Dir, "data-node1", "repd", "outdated")) : string.Empty, StringComparison.Ordinal);
        output.WriteLine($"pause refused (exit {paused.Code}): {paused.Err.Trim()}; node1's link to node2: {link.State}");
    }
}
