using System.Globalization;
using Vigil.Cli.Lab;
using Vigil.Engine.Commands;
using Vigil.Journal;
using Vigil.Membership;

namespace Vigil.Specs.Lab;

/// <summary>
/// vigil-heartbeat, the process that runs a node's comm paths and failure detector for vigild: supervised
/// (restarted, paths DEAD meanwhile), bound to vigild's life (no beats for a dead or hung vigild), and beating on
/// through a pause of vigild shorter than the stall limit.
/// </summary>
[Collection(LabCollection.Name)]
public sealed class HeartbeatProcessSpecs
{
    private static bool IsPathState(object e, string observer, string peer, string path, bool alive) =>
        e is MembershipInputs.ReportPathState p && p.Observer == observer && p.Peer == peer && p.Path == path && p.Alive == alive;

    private static async Task<LabCluster> StartedAsync()
    {
        var lab = LabCluster.Create(3, paths: "udp, tcp");
        try
        {
            foreach (var n in lab.Nodes)
            {
                await lab.StartAsync(n);
            }

            foreach (var (observer, peer) in new[] { ("node1", "node3"), ("node3", "node1") })
            {
                foreach (var path in new[] { "udp", "tcp" })
                {
                    Assert.NotNull(await lab.WaitForEventAsync(observer, d => IsPathState(d, observer, peer, path, true), TimeSpan.FromSeconds(20)));
                }
            }

            return lab;
        }
        catch
        {
            await lab.DisposeAsync(); // a node that did not start must not leave the others running
            throw;
        }
    }

    internal static int VigildPid(LabCluster lab, string node) => lab.State.Nodes.First(n => n.Name == node).Pid!.Value;

    /// <summary>The vigil-heartbeat child of a vigild, read from /proc (null if it has none).</summary>
    internal static int? HeartbeatPid(int vigild)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (fields[1] == vigild.ToString(CultureInfo.InvariantCulture) && File.ReadAllText(Path.Combine(dir, "cmdline")).Contains("vigil-heartbeat", StringComparison.Ordinal))
                {
                    return pid;
                }
            }
            catch (IOException)
            {
                // Exited while we looked.
            }
        }

        return null;
    }

    private static void Signal(int pid, string signal)
    {
        using var kill = System.Diagnostics.Process.Start("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    [Fact]
    public async Task HeartbeatProcessKilled_VigildJournalsEveryPathDead_ThenANewProcessBringsThemBack()
    {
        await using var lab = await StartedAsync();
        var vigild = VigildPid(lab, "node1");
        var first = HeartbeatPid(vigild);
        Assert.True(first is not null, $"node1's vigild ({vigild}) has no vigil-heartbeat child\n{lab.Output("node1")}");

        Signal(first.Value, "KILL");

        var dead = await lab.WaitForEventAsync("node1", d => IsPathState(d, "node1", "node3", "tcp", false), TimeSpan.FromSeconds(10));
        Assert.True(dead is not null, $"node1 kept its paths ALIVE after its heartbeat process died\n{lab.Output("node1")}");
        Assert.True(
            await Poll.UntilAsync(async () => (await lab.ReadJournalAsync("node1")).Any(e => e.Position > dead.Position && IsPathState(e.Envelope.Data, "node1", "node3", "tcp", true)), TimeSpan.FromSeconds(20)),
            $"the paths never came back\n{lab.Output("node1")}");
        var second = HeartbeatPid(vigild);
        Assert.NotNull(second);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public async Task HeartbeatProcess_AsRoot_BeatThreadsRunRealtimeAndRuntimeThreadsDoNot()
    {
        Assert.True(Shell.IsRoot, "real-time scheduling needs CAP_SYS_NICE (CI runs as root)");
        await using var lab = await StartedAsync();
        var child = HeartbeatPid(VigildPid(lab, "node1"));
        Assert.NotNull(child);

        // /proc/PID/task/TID/stat: field 41 is the policy (2 = SCHED_RR), 40 the real-time priority.
        var threads = Directory.EnumerateDirectories($"/proc/{child}/task").Select(t =>
        {
            var stat = File.ReadAllText(Path.Combine(t, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (Name: File.ReadAllText(Path.Combine(t, "comm")).Trim(), Priority: fields[37], Policy: fields[38]);
        }).ToList();

        var beats = threads.Where(t => t.Name.StartsWith("vigil-", StringComparison.Ordinal)).ToList();
        Assert.Contains(beats, t => t.Name == "vigil-detector");
        Assert.Contains(beats, t => t.Name == "vigil-udp-send");
        Assert.All(beats, t => Assert.Equal(("2", "10"), (t.Policy, t.Priority)));
        Assert.All(threads.Where(t => t.Name.StartsWith(".NET", StringComparison.Ordinal)), t => Assert.Equal("0", t.Policy));
    }

    [Fact]
    public async Task VigildKilledAlone_HeartbeatProcessExits_AndThePeersSeeTheNodeDie()
    {
        await using var lab = await StartedAsync();
        var vigild = VigildPid(lab, "node3");
        var child = HeartbeatPid(vigild);
        Assert.NotNull(child);

        Signal(vigild, "KILL"); // vigild only: its heartbeat process must not beat on for a dead node

        Assert.True(await Poll.UntilAsync(() => Task.FromResult(!Directory.Exists($"/proc/{child}") || File.ReadAllText($"/proc/{child}/stat").Contains(") Z ", StringComparison.Ordinal)), TimeSpan.FromSeconds(10)),
            "vigil-heartbeat outlived its vigild");
        Assert.NotNull(await lab.WaitForEventAsync("node1", d => IsPathState(d, "node1", "node3", "udp", false), TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task VigildPaused_BeatsGoOnUntilTheStallLimit_ThenTheNodeFallsSilent()
    {
        await using var lab = await StartedAsync();
        var vigild = VigildPid(lab, "node3");
        var before = (await lab.ReadJournalAsync("node1")).Count;
        bool Node3Dead(RecordedEvent e) => e.Envelope.Data is MembershipInputs.ReportPathState { Peer: "node3", Alive: false };

        Signal(vigild, "STOP"); // vigild alone, as a long collection would: its heartbeat process runs on
        try
        {
            // Four deadlines of pause, well inside the 5 s stall limit: nobody may find node3's paths DEAD.
            var died = await Poll.UntilAsync(async () => (await lab.ReadJournalAsync("node1")).Skip(before).Any(Node3Dead), HeartbeatProfile.Default.Deadline * 4);
            Assert.False(died, "a pause of vigild shorter than the stall limit made node1 see node3's paths DEAD");

            // Past the stall limit a hung vigild is not kept alive: node3 falls silent.
            Assert.True(
                await Poll.UntilAsync(async () => (await lab.ReadJournalAsync("node1")).Skip(before).Count(Node3Dead) >= 2, TimeSpan.FromSeconds(20)),
                $"node3's heartbeat process kept beating for a vigild stopped past the stall limit\n{lab.Output("node1")}");
        }
        finally
        {
            Signal(vigild, "CONT");
        }

        Assert.True(
            await Poll.UntilAsync(async () => (await lab.ReadJournalAsync("node1")).Skip(before).Any(e => IsPathState(e.Envelope.Data, "node1", "node3", "udp", true)), TimeSpan.FromSeconds(20)),
            "node3 did not come back once vigild ran again");
    }
}
