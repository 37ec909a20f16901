using Vigil.Cli.Lab;
using Vigil.Engine.Commands;

namespace Vigil.Specs.Lab;

/// <summary>The lab as root: a network namespace per node, faults on real links, a real cgroup freezer.</summary>
[Collection(LabCollection.Name)]
public sealed class NamespaceLabSpecs
{
    private static async Task<LabCluster> UpAsync()
    {
        Assert.True(Shell.IsRoot, "the namespace lab specs need root (CI runs as root); run scripts/test.sh as root");
        var lab = LabCluster.Create(3, namespaces: true);
        foreach (var n in lab.Nodes)
        {
            await lab.StartAsync(n);
        }

        foreach (var path in new[] { "udp", "tcp", "disk" })
        {
            Assert.NotNull(await lab.WaitForEventAsync("node1", e => Is(e, "node3", path, true), TimeSpan.FromSeconds(15)));
        }

        return lab;
    }

    private static bool Is(object e, string peer, string path, bool alive) =>
        e is MembershipInputs.ReportPathState p && p.Observer == "node1" && p.Peer == peer && p.Path == path && p.Alive == alive;

    [Fact]
    public async Task Cut_OnePath_OnlyThatPathDiesAndHealBringsItBack()
    {
        await using var lab = await UpAsync();

        lab.Cut("node3", "udp");

        Assert.NotNull(await lab.WaitForEventAsync("node1", e => Is(e, "node3", "udp", false), TimeSpan.FromSeconds(10)));
        Assert.DoesNotContain(await lab.ReadJournalAsync("node1"), e => e.Envelope.Data is MembershipInputs.ReportPathState { Alive: false, Path: not "udp" });
        lab.Cut("node3", "udp", heal: true);
        Assert.True(await Poll.UntilAsync(async () => (await lab.ReadJournalAsync("node1")).Count(e => Is(e.Envelope.Data, "node3", "udp", true)) == 2, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Partition_NetworkPathsDieButTheSharedDiskRegionKeepsBeating()
    {
        await using var lab = await UpAsync();

        new LabNetwork(lab.State.LabId).Partition([lab.State.Node("node1"), lab.State.Node("node2")], [lab.State.Node("node3")], heal: false);

        Assert.NotNull(await lab.WaitForEventAsync("node1", e => Is(e, "node3", "udp", false), TimeSpan.FromSeconds(10)));
        Assert.NotNull(await lab.WaitForEventAsync("node1", e => Is(e, "node3", "tcp", false), TimeSpan.FromSeconds(10)));
        Assert.DoesNotContain(await lab.ReadJournalAsync("node1"), e => Is(e.Envelope.Data, "node3", "disk", false));
        Assert.DoesNotContain(await lab.ReadJournalAsync("node1"), e => e.Envelope.Data is MembershipInputs.ReportPathState { Alive: false, Peer: "node2" });
    }

    [Fact]
    public async Task Freeze_PastTheDeadline_EveryPathDiesAndThawBringsThemBack()
    {
        await using var lab = await UpAsync();

        LabFreezer.Set(lab.State.LabId, "node3", frozen: true);
        foreach (var path in new[] { "udp", "tcp", "disk" })
        {
            Assert.NotNull(await lab.WaitForEventAsync("node1", e => Is(e, "node3", path, false), TimeSpan.FromSeconds(10)));
        }

        LabFreezer.Set(lab.State.LabId, "node3", frozen: false);

        Assert.True(await Poll.UntilAsync(
            async () => (await lab.ReadJournalAsync("node1")).Count(e => e.Envelope.Data is MembershipInputs.ReportPathState { Alive: true, Peer: "node3" }) == 6,
            TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Crash_PullsTheNodesLinksAndEveryPathDies()
    {
        await using var lab = await UpAsync();

        lab.Crash("node3");

        foreach (var path in new[] { "udp", "tcp", "disk" })
        {
            Assert.NotNull(await lab.WaitForEventAsync("node1", e => Is(e, "node3", path, false), TimeSpan.FromSeconds(10)));
        }

        var links = Shell.Run("ip", "-n", new LabNetwork(lab.State.LabId).Switch, "-br", "link");
        Assert.Contains(links.Split('\n'), l => l.StartsWith("n3-hb1", StringComparison.Ordinal) && l.Contains("DOWN", StringComparison.Ordinal));
    }
}
