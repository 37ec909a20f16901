using System.Collections.Concurrent;
using System.Diagnostics;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.ReplicationDriver.Client;
using Xunit.Abstractions;

namespace Vigil.Specs.Lab;

/// <summary>
/// Issue 8, DataKeeper's rule: a target that is still resyncing is skipped for takeover. A sync mirror resource with
/// copies on node1 (primary), node2 (priority 2) and node3 (priority 3), three members and no witness. node2 is made to
/// resync slowly (paused while node1 writes, then resumed with the resync throttled); node1 crashes: the hierarchy
/// cascades past node2 (its restore refused with the reason) and comes up on node3, whose copy was in step, and node2 is
/// never primary. Then node1 returns and resyncs; node1 and node2 are both made to resync slowly and node3 crashes: no
/// copy is eligible and the hierarchy ends OSF, every refusal named. Ground truth: each vigil-repd's status, sampled.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class MirrorResyncTakeoverSpecs(ITestOutputHelper output)
{
    private const string Name = "rvol";
    private const long Slow = 64 << 10; // bytes per second: one 64 KiB chunk a second

    [Fact]
    public async Task CrashPrimary_NextPriorityStillResyncing_TakeoverSkipsItToTheInStepCopy_NoEligibleCopyEndsOsf()
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

        // Ground truth all along: which copies are primary.
        using var sampling = new CancellationTokenSource();
        var primaries = new ConcurrentDictionary<string, bool>();
        var sampler = Task.Run(async () =>
        {
            using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100)); // a sampling rate, not a wait for something
            while (!sampling.IsCancellationRequested)
            {
                foreach (var n in lab.Nodes)
                {
                    if ((await mirror.StatusAsync(n, Name))?.Role == MirrorRole.Primary)
                    {
                        primaries[n] = true;
                    }
                }

                await tick.WaitForNextTickAsync(CancellationToken.None);
            }
        });

        await ResyncSlowlyAsync(lab, mirror, copies, "node1", ["node2"], 0xa1);
        lab.Crash("node1");
        Assert.True(
            await Poll.UntilAsync(async () => (await mirror.StatusAsync("node3", Name))?.Role == MirrorRole.Primary, TimeSpan.FromSeconds(90)),
            $"the mirror did not come up on node3: {await mirror.StatusAsync("node3", Name)}; logs:\n{lab.LogTails()}");
        var cascaded = await lab.WaitForEventAsync("node3", e => e is OperationEvents.OperationCascaded { FailedNode: "node2" }, TimeSpan.FromSeconds(10));
        Assert.NotNull(cascaded);
        var reason = ((OperationEvents.OperationCascaded)cascaded.Envelope.Data).Reason;
        Assert.Contains("resync", reason, StringComparison.Ordinal);
        Assert.False(primaries.ContainsKey("node2"), "node2's resyncing copy was promoted");
        Assert.Equal(0xa1, copies.Read("node3", 0, 1)[0]); // the writes node1 acknowledged are on node3's copy
        output.WriteLine($"node1 crashed while node2 resynced: {reason}; the mirror came up on node3 ({clock.Elapsed.TotalSeconds:F0} s)");

        // No eligible copy: node1 is back and in step, then node1 and node2 both resync slowly when node3 crashes.
        await lab.StartAsync("node1");
        await copies.WaitMirroringAsync("node3", "node1", "node2");
        await ResyncSlowlyAsync(lab, mirror, copies, "node3", ["node1", "node2"], 0xb3);
        primaries.Clear();
        lab.Crash("node3");
        var failed = await lab.WaitForEventAsync("node1", e => e is OperationEvents.OperationFailed, TimeSpan.FromSeconds(90));
        Assert.True(failed is not null, $"the takeover did not fail: node1 {await mirror.StatusAsync("node1", Name)}; node2 {await mirror.StatusAsync("node2", Name)}; logs:\n{lab.LogTails()}");
        var reasons = ((OperationEvents.OperationFailed)failed.Envelope.Data).Reasons;
        Assert.True(
            await lab.WaitForEventAsync("node1", e => e is InstanceEvents.InstanceTransitioned { Tag: Name, To: InstanceState.Osf }, TimeSpan.FromSeconds(30)) is not null,
            $"{Name} did not end OSF: {string.Join("; ", reasons)}");
        await sampling.CancelAsync();
        await sampler;
        Assert.DoesNotContain(primaries.Keys, n => n != "node3");
        Assert.All(new[] { "node1", "node2" }, n => Assert.Contains(reasons, r => r.Contains(n, StringComparison.Ordinal) && r.Contains("resync", StringComparison.Ordinal)));
        output.WriteLine($"node3 crashed while node1 and node2 resynced: OSF ({string.Join("; ", reasons)}); {clock.Elapsed.TotalSeconds:F0} s");
    }

    /// <summary>Pauses the targets, writes 2 MiB through the primary's export, throttles the resync and resumes: the targets resync for tens of seconds.</summary>
    private static async Task ResyncSlowlyAsync(LabCluster lab, MirrorLab mirror, MirrorCopies copies, string primary, string[] targets, byte pattern)
    {
        var driver = mirror.Driver(primary);
        foreach (var t in targets)
        {
            await driver.PauseAsync(Name, t);
        }

        copies.Write(primary, pattern, "0", "2M");
        await driver.ThrottleAsync(Name, Slow);
        foreach (var t in targets)
        {
            await driver.ResumeAsync(Name, t);
        }

        foreach (var t in targets)
        {
            Assert.True(
                await Poll.UntilAsync(async () => (await mirror.StatusAsync(t, Name))?.Disk == DiskState.Inconsistent, TimeSpan.FromSeconds(30)),
                $"{t} is not resyncing: {await mirror.StatusAsync(t, Name)}; primary {await mirror.StatusAsync(primary, Name)}\n{copies.RepdLog(t)}\n{lab.LogTails()}");
        }
    }
}
