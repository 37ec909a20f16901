using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Vigil.Engine.Commands;
using Vigil.Membership;

namespace Vigil.Specs.Lab;

[Collection(LabCollection.Name)]
public sealed class VigildSpecs
{
    private static bool IsPathState(object e, string observer, string peer, string path, bool alive) =>
        e is MembershipInputs.ReportPathState p && p.Observer == observer && p.Peer == peer && p.Path == path && p.Alive == alive;

    [Fact]
    public async Task Start_ThreeNodes_EachNotifiesReadyAndNoPathDies()
    {
        await using var lab = LabCluster.Create(3);
        foreach (var n in lab.Nodes)
        {
            await lab.StartAsync(n);
        }

        foreach (var peer in new[] { "node2", "node3" })
        {
            foreach (var path in new[] { "udp", "tcp", "disk" })
            {
                Assert.NotNull(await lab.WaitForEventAsync("node1", d => IsPathState(d, "node1", peer, path, true), TimeSpan.FromSeconds(10)));
            }
        }

        // Two full deadlines of healthy beating: nothing may be declared DEAD.
        var died = await Poll.UntilAsync(
            async () => (await lab.ReadJournalAsync("node1")).Any(e => e.Envelope.Data is MembershipInputs.ReportPathState { Alive: false }),
            HeartbeatProfile.Default.Deadline * 2);

        Assert.False(died, "node1 journaled a DEAD path while every node was healthy");
    }

    [Fact]
    public async Task Crash_OneNode_EveryPathToItIsJournaledDeadByTheOthers()
    {
        await using var lab = LabCluster.Create(3);
        foreach (var n in lab.Nodes)
        {
            await lab.StartAsync(n);
        }

        // Every path must be ALIVE first (the hysteresis wants a few beats): only an ALIVE path can be found DEAD.
        foreach (var observer in new[] { "node1", "node2" })
        {
            foreach (var path in new[] { "udp", "tcp", "disk" })
            {
                Assert.NotNull(await lab.WaitForEventAsync(observer, d => IsPathState(d, observer, "node3", path, true), TimeSpan.FromSeconds(20)));
            }
        }

        lab.Crash("node3");

        foreach (var observer in new[] { "node1", "node2" })
        {
            foreach (var path in new[] { "udp", "tcp", "disk" })
            {
                var e = await lab.WaitForEventAsync(observer, d => IsPathState(d, observer, "node3", path, false), TimeSpan.FromSeconds(10));
                Assert.True(e is not null, $"{observer} never journaled {path} to node3 DEAD\n{lab.Output(observer)}");
            }

            Assert.DoesNotContain(await lab.ReadJournalAsync(observer), e => e.Envelope.Data is MembershipInputs.ReportPathState { Peer: not "node3", Alive: false });
        }
    }

    [Fact]
    public async Task ForgedWrongKeyAndReplayedFrames_NeverRevivePathToACrashedNode()
    {
        await using var lab = LabCluster.Create(2, paths: "udp", witness: true);
        await lab.StartAsync("node1");
        await lab.StartAsync("node2");
        Assert.NotNull(await lab.WaitForEventAsync("node1", d => IsPathState(d, "node1", "node2", "udp", true), TimeSpan.FromSeconds(10)));
        lab.Crash("node2");
        var dead = await lab.WaitForEventAsync("node1", d => IsPathState(d, "node1", "node2", "udp", false), TimeSpan.FromSeconds(10));
        Assert.NotNull(dead);
        bool Revived(object d) => IsPathState(d, "node1", "node2", "udp", true);

        using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        var target = new IPEndPoint(IPAddress.Loopback, lab.UdpPort("node1"));
        var right = new ClusterKey(lab.Key);
        var frame = new byte[HeartbeatCodec.FrameSize];
        var sent = Stopwatch.StartNew();
        while (sent.Elapsed < HeartbeatProfile.Default.Deadline)
        {
            HeartbeatCodec.Write(frame, new HeartbeatFrame(1, 1, 99, 1, 0), ClusterKey.Generate()); // forged: wrong key
            udp.SendTo(frame, target);
            HeartbeatCodec.Write(frame, new HeartbeatFrame(1, 1, 1, 1, 0), right); // replay of node2's first life
            udp.SendTo(frame, target);
            HeartbeatCodec.Write(frame, new HeartbeatFrame(0, 1, 99, 1, 0), right); // outdated configuration
            udp.SendTo(frame, target);
            await Poll.UntilAsync(() => Task.FromResult(false), TimeSpan.FromMilliseconds(20));
        }

        Assert.DoesNotContain(await lab.ReadJournalAsync("node1"), e => e.Position > dead.Position && Revived(e.Envelope.Data));

        // The channel itself works: correctly signed, newer frames do revive the path (so the spec can fail) — as
        // many consecutive beats as the hysteresis asks for.
        for (var seq = 1; seq <= HeartbeatProfile.Default.AliveAfter; seq++)
        {
            HeartbeatCodec.Write(frame, new HeartbeatFrame(1, 1, 99, seq, 0), right);
            udp.SendTo(frame, target);
        }

        Assert.True(await Poll.UntilAsync(async () => (await lab.ReadJournalAsync("node1")).Any(e => e.Position > dead.Position && Revived(e.Envelope.Data)), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task Start_BadConfiguration_ExitsTwoNamingFileLineAndField()
    {
        await using var lab = LabCluster.Create(2, witness: true);
        var path = lab.ConfigPath("node1");
        File.WriteAllText(path, File.ReadAllText(path).Replace("config-version = 1", "config-version = one", StringComparison.Ordinal));
        var line = Array.FindIndex(File.ReadAllLines(path), l => l.StartsWith("config-version", StringComparison.Ordinal)) + 1;

        using var p = Process.Start(new ProcessStartInfo(LabCluster.Vigild, ["--config", path]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var error = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();

        Assert.Equal(2, p.ExitCode);
        Assert.Contains($"{path}:{line}: cluster.config-version: 'one' is not a whole number", error, StringComparison.Ordinal);
    }
}
