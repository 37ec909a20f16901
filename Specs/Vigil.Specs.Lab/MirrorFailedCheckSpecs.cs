using System.Collections.Concurrent;
using System.Diagnostics;
using Vigil.Engine.Audit;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.ReplicationDriver.Client;
using Xunit.Abstractions;

namespace Vigil.Specs.Lab;

/// <summary>
/// Issue 8, the two primaries once seen in CI by <see cref="MirrorResyncTakeoverSpecs"/> before any crash. There, an
/// operator-style pause of node2 made deepCheck's verify fail on node1 (since fixed), the check failed, the mirror kit
/// has no local recovery, and the engine failed the mirror over — but it took the failed (OSF) instance on node1 as
/// stopped and restored on node2 without removing it first; node2, paused and so not connected to node1, promoted
/// while node1 was still primary. Here the trigger is another real fault of the primary's check (its export socket
/// vanishes while vigil-repd stays primary), with node2 paused the same way. Ground truth: every node's vigil-repd,
/// sampled; at no sample may two be primary.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class MirrorFailedCheckSpecs(ITestOutputHelper output)
{
    private const string Name = "fvol";

    [Fact]
    public async Task CheckFails_PrimaryStillRunning_DemotedBeforeAnotherCopyPromotes_PausedCopyNeverPromoted()
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
        var doubles = new ConcurrentQueue<string>();
        var everPrimary = new ConcurrentDictionary<string, bool>();
        var sampler = Task.Run(async () =>
        {
            using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100)); // a sampling rate, not a wait for something
            while (!sampling.IsCancellationRequested)
            {
                var primaries = new List<string>();
                foreach (var n in lab.Nodes)
                {
                    if ((await mirror.StatusAsync(n, Name))?.Role == MirrorRole.Primary)
                    {
                        primaries.Add(n);
                        everPrimary[n] = true;
                    }
                }

                if (primaries.Count > 1)
                {
                    doubles.Enqueue($"{clock.Elapsed.TotalSeconds:F1} s: {string.Join(" and ", primaries)} primary");
                }

                await tick.WaitForNextTickAsync(CancellationToken.None);
            }
        });

        // node2 paused by its primary (as the resync spec does), then written: its copy is behind and not connected.
        await mirror.Driver("node1").PauseAsync(Name, "node2");
        copies.Write("node1", 0xc4, "0", "1M");
        everPrimary.Clear();

        // The fault: node1's export socket vanishes; vigil-repd there stays primary, its quickCheck fails.
        File.Delete(Path.Combine(lab.Dir, "data-node1", "repd", "export-" + Name + ".nbd"));

        Assert.True(
            await Poll.UntilAsync(async () => (await mirror.StatusAsync("node3", Name))?.Role == MirrorRole.Primary, TimeSpan.FromSeconds(120)),
            $"the mirror did not come up on node3: node1 {await mirror.StatusAsync("node1", Name)}; node2 {await mirror.StatusAsync("node2", Name)}; node3 {await mirror.StatusAsync("node3", Name)}; logs:\n{lab.LogTails()}");
        Assert.True(
            await Poll.UntilAsync(async () => (await mirror.StatusAsync("node1", Name))?.Peers.Any(p => p.Node == "node3" && p.State == PeerLinkState.Mirroring) == true, TimeSpan.FromSeconds(60)),
            $"node1 does not mirror node3: {await mirror.StatusAsync("node1", Name)}");
        await sampling.CancelAsync();
        await sampler;

        var journal = await lab.ReadJournalAsync("node3");
        var why = WhyExplainer.Explain(HistoryMerger.Merge(journal).Events, Name);
        output.WriteLine($"vigil why {Name}: {why?.Summary}\n  {string.Join("\n  ", why?.FailedActions ?? [])}");
        Assert.Empty(doubles);
        Assert.False(everPrimary.ContainsKey("node2"), "node2's paused (behind) copy was promoted");
        Assert.Equal(0xc4, copies.Read("node3", 0, 1)[0]); // node1's writes while node2 was paused are on the new primary
        var requests = journal.Select(e => e.Envelope.Data).OfType<InstanceEvents.ActionRequested>().Where(a => a.Tag == Name).ToList();
        var demoted = requests.FindIndex(a => a is { Node: "node1", Action: KitAction.Remove });
        var promoted = requests.FindIndex(a => a is { Action: KitAction.Restore } && a.Node != "node1");
        Assert.True(demoted >= 0 && demoted < promoted, $"remove on node1 (#{demoted}) must come before any restore elsewhere (#{promoted}): {string.Join(", ", requests.Select(a => $"{a.Action}@{a.Node}"))}");
        var cascaded = journal.Select(e => e.Envelope.Data).OfType<OperationEvents.OperationCascaded>().FirstOrDefault(c => c.FailedNode == "node2");
        Assert.True(cascaded is not null, "the failover did not try node2 (priority 2) and cascade past it");
        Assert.Contains("outdated", cascaded.Reason, StringComparison.Ordinal);
        output.WriteLine($"check failed on node1 → demoted there → node2 refused ({cascaded.Reason}) → node3 primary; no sample with two primaries ({clock.Elapsed.TotalSeconds:F0} s)");
    }
}
