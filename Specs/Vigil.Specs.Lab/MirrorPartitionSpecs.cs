using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.ReplicationDriver.Client;
using Xunit.Abstractions;

namespace Vigil.Specs.Lab;

/// <summary>
/// Issue 8, sync mode: the active node of app → sync mirror (node1, node2, witness node3) is cut off from the others
/// while its application writes. The writer (GenApp) puts block #i = "i NETNS" on the mirror's device with O_DIRECT +
/// O_DSYNC and appends "i NETNS" to a log outside the mirror once the write is acknowledged; the network namespace
/// tells which node acknowledged it. Ground truth: that log, each node's volume file and each vigil-repd's status —
/// never only the journal. Fenced (lab fencing powers node1 off) or not (leases only: node1 in the minority can commit
/// no outdate, its sync writes stay suspended, and its quorum-loss action removes the hierarchy).
/// </summary>
[Collection(LabCollection.Name)]
public sealed class MirrorPartitionSpecs(ITestOutputHelper output)
{
    private const string Name = "svol";
    private const int SizeMiB = 16;

    [Theory]
    [InlineData("none")]
    [InlineData("lab")]
    public async Task Partition_ActiveNodeWritesSync_MajorityTakesOverAndTheCopiesNeverBothAcceptWrites(string fencing)
    {
        var clock = Stopwatch.StartNew();
        await using var lab = LabCluster.CreateNamespaced(2, witness: true, fencing: fencing);
        using var mirror = new MirrorLab(lab);
        mirror.Enable();
        foreach (var n in lab.Nodes)
        {
            await lab.StartAsync(n);
        }

        await lab.WaitForKitsAsync();
        var copies = new MirrorCopies(lab, mirror, Name);
        var acked = Path.Combine(lab.Dir, "acked");
        var stop = Path.Combine(lab.Dir, "stop-writing");
        await copies.CreateAsync("sync", ["node1", "node2"], SizeMiB, mirror.Device);
        var writer = lab.WriteScript("blocks.sh", $$"""
            ns=$(readlink /proc/self/ns/net | tr -dc 0-9)
            i=$(tail -n 1 "$2" 2>/dev/null | cut -d' ' -f1); i=${i:-0}
            while [ ! -e "$3" ] && [ "$i" -lt {{(SizeMiB << 8) - 1}} ]; do
              i=$((i + 1))
              printf '%s %s\n' "$i" "$ns" | dd of="$1" bs=4096 seek="$i" oflag=direct,dsync conv=sync,notrunc,nocreat status=none || exit 1
              echo "$i $ns" >> "$2"
              sleep 0.02
            done
            exec sleep 100000
            """);
        await lab.CreateGenAppAsync("app", "node1", $"{writer} {mirror.Device} {acked} {stop}");
        await lab.SubmitAsync(new ConfigurationCommands.AddDependency("app", Name));
        Assert.True(
            await lab.WaitForEventAsync("node1", e => e is ResourceEvents.DependencyAdded { Tag: "app", Child: Name }, TimeSpan.FromSeconds(10)) is not null,
            "the dependency app -> mirror was refused");
        await lab.SubmitAsync(new ConfigurationCommands.ExtendResource("app", "node2", 2));
        await lab.SubmitAsync(new OperatorCommands.RestoreResource("app", "node1"));
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(Acks(acked).Count >= 30), TimeSpan.FromSeconds(60)), $"the application does not write on node1; logs:\n{lab.LogTails()}");
        await lab.WaitForOperationCompletedAsync("node1");
        var ns1 = Acks(acked)[0].Netns;

        // Sample both drivers while apart: a moment when both copies are primary, not suspended and both applied new
        // writes would be two copies accepting writes.
        using var sampling = new CancellationTokenSource();
        var both = new ConcurrentQueue<string>();
        var sampler = Task.Run(async () =>
        {
            using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100)); // a sampling rate, not a wait for something
            var last = new Dictionary<string, long>();
            while (!sampling.IsCancellationRequested)
            {
                var accepting = new List<string>();
                foreach (var n in new[] { "node1", "node2" })
                {
                    if (await mirror.StatusAsync(n, Name) is { Role: MirrorRole.Primary, Suspended: false } s)
                    {
                        if (last.TryGetValue(n, out var was) && s.AppliedWrites > was)
                        {
                            accepting.Add($"{n} applied {s.AppliedWrites - was}");
                        }

                        last[n] = s.AppliedWrites;
                    }
                }

                if (accepting.Count == 2)
                {
                    both.Enqueue(string.Join(", ", accepting));
                }

                await tick.WaitForNextTickAsync(CancellationToken.None);
            }
        });

        var partitionedAt = Acks(acked).Count;
        lab.Partition(["node1"], heal: false);
        Assert.True(
            await Poll.UntilAsync(() => Task.FromResult(Acks(acked).Any(a => a.Netns != ns1)), TimeSpan.FromSeconds(120)),
            $"the application never wrote on node2; node2: {await mirror.StatusAsync("node2", Name)}; node1: {await mirror.StatusAsync("node1", Name)}; logs:\n{lab.LogTails()}");
        var node2Status = await mirror.StatusAsync("node2", Name);
        var node1Status = await mirror.StatusAsync("node1", Name);
        output.WriteLine($"fencing {fencing}: {partitionedAt} writes acknowledged on node1 before the partition; after the takeover node2 is {node2Status?.Role} (suspended {node2Status?.Suspended}), node1 is {(node1Status is null ? "down" : $"{node1Status.Role}, suspended {node1Status.Suspended}, disk {node1Status.Disk}")}");
        Assert.True(node2Status?.Role == MirrorRole.Primary, $"node2's copy is not primary: {node2Status}; acks {string.Join(", ", Acks(acked).TakeLast(8))}; ns1 {ns1}; app pids node1 {lab.RunningPid("app", "node1")} node2 {lab.RunningPid("app", "node2")}\n{lab.LogTails(40)}");
        Assert.True(node1Status is null || node1Status.Role == MirrorRole.Secondary || node1Status.Suspended, $"node1's copy accepts writes while node2's does: {node1Status}");

        // Every write node1 acknowledged is on node2's copy, and node1 acknowledged none after node2 began to write.
        var journal = (await lab.ReadJournalAsync("node2")).Select(e => e.Envelope.Data).ToList();
        Assert.Contains(journal, e => e is MirrorEvents.MirrorCopyOutdated { Mirror: Name, Node: "node1" }); // committed before node2's writes could go on
        var acks = Acks(acked);
        var fromNode1 = acks.Where(a => a.Netns == ns1).ToList();
        foreach (var a in fromNode1)
        {
            Assert.Equal($"{a.Block} {a.Netns}", Block(copies, "node2", a.Block));
        }

        if (fencing == "none")
        {
            // Leases only: node1 lives on in its minority; its sync writes stay suspended (no majority commits node2
            // outdated) and its quorum-loss action takes the application down. For as long as the partition lasts
            // (several lease periods) node1 acknowledges nothing more.
            Assert.False(
                await Poll.UntilAsync(() => Task.FromResult(Acks(acked).Count(a => a.Netns == ns1) > fromNode1.Count), TimeSpan.FromSeconds(8)),
                "node1 acknowledged writes while node2 is primary");
            var minority = await mirror.StatusAsync("node1", Name);
            Assert.True(minority is null || minority.Role == MirrorRole.Secondary || minority.Suspended, $"node1's copy is writable in the minority: {minority}");
            Assert.Contains(lab.Output("node1").Split('\n'), l => l.Contains("quorum-loss action osu", StringComparison.Ordinal));
            lab.Partition(["node1"], heal: true);
        }
        else
        {
            Assert.False(lab.IsUp("node1"), "lab fencing did not power node1 off");
            lab.Partition(["node1"], heal: true);
            await lab.StartAsync("node1");
        }

        // node1 comes back: its copy resyncs from node2 (the outdated mark is lifted), the writer stops, the copies match.
        Assert.True(
            await lab.WaitForEventAsync("node2", e => e is MirrorEvents.MirrorCopyCurrent { Mirror: Name, Node: "node1" }, TimeSpan.FromSeconds(90)) is not null,
            $"node1's copy never became current again: node2 {await mirror.StatusAsync("node2", Name)}; node1 {await mirror.StatusAsync("node1", Name)}\nnode1:\n{Story(lab, "node1")}\nnode2:\n{copies.RepdLog("node2", 8)}");
        await sampling.CancelAsync();
        await sampler;
        File.WriteAllText(stop, string.Empty);
        Assert.True(
            await Poll.UntilAsync(() => Task.FromResult(lab.RunningPid("app", "node2") is { } pid && File.ReadAllText($"/proc/{pid}/comm").Trim() == "sleep"), TimeSpan.FromSeconds(30)),
            "the writer on node2 did not stop");
        Assert.True(
            await Poll.UntilAsync(() => Task.FromResult(copies.Sha256("node1") == copies.Sha256("node2")), TimeSpan.FromSeconds(30)),
            $"the copies differ after the resync: node2 {await mirror.StatusAsync("node2", Name)}");
        acks = Acks(acked);
        var firstOfNode2 = acks.FindIndex(a => a.Netns != ns1);
        Assert.DoesNotContain(acks.Skip(firstOfNode2), a => a.Netns == ns1); // node1 never acknowledged after node2 began
        foreach (var a in acks.TakeLast(20))
        {
            Assert.Equal($"{a.Block} {a.Netns}", Block(copies, "node1", a.Block)); // node1's copy has node2's writes now
        }

        Assert.True(both.IsEmpty, $"both copies accepted writes at once: {string.Join("; ", both.Take(3))}");
        Assert.Equal(MirrorRole.Secondary, (await mirror.StatusAsync("node1", Name))!.Role);
        output.WriteLine($"fencing {fencing}: node1 acknowledged {fromNode1.Count} writes (all on node2's copy), node2 {acks.Count - firstOfNode2} after the takeover; copies identical after node1's resync; {clock.Elapsed.TotalSeconds:F0} s");
    }

    /// <summary>The acknowledged writes, in order; a line the writer is still appending (no newline yet) is not one.</summary>
    private static List<(long Block, string Netns)> Acks(string path)
    {
        var text = File.Exists(path) ? File.ReadAllText(path) : string.Empty;
        return [.. text[..(text.LastIndexOf('\n') + 1)].Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split(' '))
            .Select(p => (long.Parse(p[0], System.Globalization.CultureInfo.InvariantCulture), p[1]))];
    }

    /// <summary>What a node's log says about removes, quorum and its mirror watch, for failure messages.</summary>
    private static string Story(LabCluster lab, string node) =>
        string.Join("\n", lab.Output(node).Split('\n')
            .Where(l => l.Contains("remove", StringComparison.Ordinal) || l.Contains("caught up", StringComparison.Ordinal) || l.Contains("quorum", StringComparison.Ordinal) || l.Contains("MirrorWatch", StringComparison.Ordinal))
            .Select(l => l.Length > 600 ? l[..600] : l).TakeLast(40));

    private static string Block(MirrorCopies copies, string node, long block) =>
        Encoding.ASCII.GetString(copies.Read(node, block * 4096, 64)).Split('\n')[0];
}
