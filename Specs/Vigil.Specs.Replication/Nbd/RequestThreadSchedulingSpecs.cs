using Vigil.ReplicationDriver.Client;
using Vigil.Specs.Replication.Support;

namespace Vigil.Specs.Replication.Nbd;

/// <summary>
/// The threads on a write's path (the NBD connection's, the source's acknowledgement receiver, the target's peer
/// thread) run SCHED_RR at <c>--io-realtime-priority</c> (default 1); the runtime's own threads stay normal. Read
/// from /proc, as root (CI is root).
/// </summary>
public sealed class RequestThreadSchedulingSpecs : IDisposable
{
    private const long Size = 4 << 20;
    private readonly MirrorLab lab = new("n1", "n2");

    public void Dispose() => this.lab.Dispose();

    [Fact]
    public async Task SyncMirror_WithAClientWriting_RequestThreadsRunRealtimeAtPriorityOneAndRuntimeThreadsDoNot()
    {
        await this.lab.StartAllAsync();
        await this.lab.CreateAsync(this.lab.Spec("m", MirrorMode.Sync, "n1", Size));
        using var client = NbdTestClient.Open(this.lab.ExportSocket("m"), "m");
        Assert.Equal(0, client.Write(0, SeqBlocks.Make(1, 0)));
        Assert.Equal(0, client.Flush());

        var primary = Threads(this.lab["n1"].Pid);
        var target = Threads(this.lab["n2"].Pid);
        Assert.Contains(primary, t => t.Name == "nbd-m");
        Assert.Contains(primary, t => t.Name == "repd-src-n2");
        Assert.Contains(target, t => t.Name == "repd-peer");
        var request = primary.Where(t => t.Name is "nbd-m" or "repd-src-n2").Concat(target.Where(t => t.Name == "repd-peer")).ToList();
        Assert.All(request, t => Assert.True((t.Policy, t.Priority) == ("2", "1"), $"{t.Name}: policy {t.Policy}, priority {t.Priority}"));
        Assert.All(primary.Concat(target).Where(t => t.Name.StartsWith(".NET", StringComparison.Ordinal)), t => Assert.Equal("0", t.Policy));
    }

    [Fact]
    public async Task IoRealtimePriority_Zero_RequestThreadsStayNormal()
    {
        using var single = new MirrorLab("n1");
        single["n1"].ExtraArgs.AddRange(["--io-realtime-priority", "0"]);
        await single.StartAllAsync();
        await single.CreateAsync(single.Spec("solo", MirrorMode.Sync, "n1", Size));
        using var client = NbdTestClient.Open(single.ExportSocket("solo"), "solo");
        Assert.Equal(0, client.Write(0, SeqBlocks.Make(1, 0)));

        // The readiness probe's connection may still have its thread: every connection's thread counts.
        var connections = Threads(single["n1"].Pid).Where(t => t.Name == "nbd-solo").ToList();
        Assert.NotEmpty(connections);
        Assert.All(connections, t => Assert.Equal("0", t.Policy));
    }

    [Theory]
    [InlineData("100")]
    [InlineData("-1")]
    [InlineData("high")]
    public async Task Run_IoRealtimePriorityOutOfRange_RefusedNamingOptionAndValue(string value)
    {
        var node = this.lab["n1"];
        var (exit, _, error) = await Tool.RunAsync("dotnet", [RepdNode.DriverDll, "run", "--node", "n1", "--data", node.DataDir,
            "--listen", node.Address, "--secret-file", node.SecretFile, "--io-realtime-priority", value]);
        Assert.Equal(2, exit);
        Assert.Contains($"--io-realtime-priority '{value}': expected 0 (off) to 99", error, StringComparison.Ordinal);
    }

    // /proc/PID/task/TID/stat after the command's closing parenthesis: field 40 is the real-time priority, 41 the policy (2 = SCHED_RR).
    private static List<(string Name, string Priority, string Policy)> Threads(int pid) =>
        [.. Directory.EnumerateDirectories($"/proc/{pid}/task").Select(t =>
        {
            var stat = File.ReadAllText(Path.Combine(t, "stat"));
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (Name: File.ReadAllText(Path.Combine(t, "comm")).Trim(), Priority: fields[37], Policy: fields[38]);
        })];
}
