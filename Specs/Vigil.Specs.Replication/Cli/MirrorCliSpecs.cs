using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Vigil.ReplicationDriver.Client;
using Vigil.Specs.Replication.Support;
using Vigil.Specs.Support;

namespace Vigil.Specs.Replication.Cli;

/// <summary>
/// <c>vigil mirror …</c> as an operator runs it: the built CLI binary against a real vigil-repd pair on
/// loopback, stdout redirected (so progress comes as plain lines).
/// </summary>
public sealed partial class MirrorCliSpecs : IDisposable
{
    private const long Size = 16 << 20;
    private readonly MirrorLab lab = new("n1", "n2");

    public void Dispose() => this.lab.Dispose();

    [Fact]
    public async Task Create_ThroughCliOnBothNodes_WaitsForTheInitialResyncAndStatusJsonMatchesSnapshot()
    {
        await this.lab.StartAllAsync();
        var target = await VigilCli.CheckAsync(this.lab["n2"], this.CreateArgs("n2"));
        Assert.Contains("m  on n2: secondary, sync", target, StringComparison.Ordinal);
        var primary = await VigilCli.CheckAsync(this.lab["n1"], [.. this.CreateArgs("n1"), "--wait", "--timeout", "60"]);
        Assert.Equal("resync n2: done (100 %), mirroring", ProgressLines(primary)[^1]);

        var n1 = JsonNode.Parse(await VigilCli.CheckAsync(this.lab["n1"], "mirror", "status", "m", "--json"))!;
        var n2 = JsonNode.Parse(await VigilCli.CheckAsync(this.lab["n2"], "mirror", "status", "m", "--json"))!;
        Assert.Equal(n1["generation"]!.GetValue<string>(), n2["generation"]!.GetValue<string>());
        Snap.Match(new JsonObject { ["n1"] = Scrub(n1), ["n2"] = Scrub(n2) }.ToJsonString(new() { WriteIndented = true }));
    }

    [Fact]
    public async Task FullResync_Wait_ShowsRisingProgressAndEndsAtHundredPercent()
    {
        await this.lab.StartAllAsync();
        await this.lab.CreateAsync(this.lab.Spec("m", MirrorMode.Sync, "n1", Size));
        await VigilCli.CheckAsync(this.lab["n1"], "mirror", "throttle", "m", "8M");

        var output = await VigilCli.CheckAsync(this.lab["n1"], "mirror", "fullresync", "m", "--wait", "--timeout", "60");

        var lines = ProgressLines(output);
        Assert.Equal("resync n2: done (100 %), mirroring", lines[^1]);
        var percents = lines.Select(l => Percent().Match(l)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        Assert.True(percents.Count >= 2, $"expected progress while a throttled 16 MiB resync runs, got:\n{output}");
        Assert.Equal(percents.Order(), percents);
        Assert.Equal(this.lab.Md5("n1", "m"), this.lab.Md5("n2", "m"));
    }

    [Fact]
    public async Task PauseThenResume_WritesWhilePaused_TrackedAsDirtyThenResyncedToIdenticalCopies()
    {
        await this.lab.StartAllAsync();
        await this.lab.CreateAsync(this.lab.Spec("m", MirrorMode.Sync, "n1", Size));
        var paused = JsonNode.Parse(await VigilCli.CheckAsync(this.lab["n1"], "mirror", "pause", "m", "--peer", "n2", "--json"))!;
        Assert.Equal("paused", paused["peers"]![0]!["state"]!.GetValue<string>());
        using (var client = NbdTestClient.Open(this.lab.ExportSocket("m"), "m"))
        {
            for (var i = 0; i < 8; i++)
            {
                Assert.Equal(0, client.Write(i * 65536L, SeqBlocks.Make(i, i * 65536L)));
            }
        }

        Assert.Contains("n2           paused       dirty 8 chunks (512 KiB)", await VigilCli.CheckAsync(this.lab["n1"], "mirror", "status", "m"), StringComparison.Ordinal);
        var resumed = await VigilCli.CheckAsync(this.lab["n1"], "mirror", "resume", "m", "--wait", "--timeout", "60");

        Assert.Equal("resync n2: done (100 %), mirroring", ProgressLines(resumed)[^1]);
        Assert.Equal(this.lab.Md5("n1", "m"), this.lab.Md5("n2", "m"));
    }

    [Fact]
    public async Task Promote_OutdatedTarget_RefusedWithTheDriversReasonAndExitFourUnlessForced()
    {
        await this.lab.StartAllAsync();
        await this.lab.CreateAsync(this.lab.Spec("m", MirrorMode.Sync, "n1", Size));
        Assert.Contains("m  on n1: secondary", await VigilCli.CheckAsync(this.lab["n1"], "mirror", "demote", "m"), StringComparison.Ordinal);
        await this.lab["n2"].WaitAsync("m", s => s.Peers.Single().State == PeerLinkState.Disconnected, "n1 closed the link");
        Assert.Contains("disk outdated", await VigilCli.CheckAsync(this.lab["n2"], "mirror", "outdate", "m"), StringComparison.Ordinal);

        var (exit, output, error) = await VigilCli.RunAsync(this.lab["n2"], "mirror", "promote", "m");

        Assert.Equal(4, exit);
        Assert.Empty(output);
        Assert.Equal("vigil: vigil-repd refused promote: refused: local copy is Outdated; use force to promote anyway\n", error);
        Assert.Equal(MirrorRole.Secondary, (await this.lab["n2"].StatusAsync("m")).Role);
        Assert.Contains("m  on n2: primary", await VigilCli.CheckAsync(this.lab["n2"], "mirror", "promote", "m", "--force"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--size", "10X", "vigil: --size '10X' is not a size of at least 1 bytes (e.g. 1073741824, 512M, 10G)")]
    [InlineData("--mode", "fast", "vigil: --mode 'fast' must be sync or async")]
    [InlineData("--node", "n3", "vigil: --node 'n3' must be NAME=HOST:PORT (e.g. n2=10.0.0.2:7789)")]
    [InlineData("--chunk-size", "48K", "vigil: --chunk-size '48K' must be a power of two (e.g. 64K)")]
    [InlineData("--primary", "n9", "vigil: --primary 'n9' is not one of the --node names (n1, n2)")]
    public async Task Create_BadArgument_ExitTwoNamingTheOptionAndValue(string option, string value, string message)
    {
        await this.lab.StartAllAsync();
        var args = this.CreateArgs("n1").ToList();
        var at = args.IndexOf(option);
        if (at >= 0)
        {
            args[at + 1] = value; // replace the good value
        }
        else
        {
            args.AddRange([option, value]);
        }

        var (exit, _, error) = await VigilCli.RunAsync(this.lab["n1"], [.. args]);

        Assert.Equal(2, exit);
        Assert.Equal(message + "\n", error);
        Assert.Empty(await this.lab["n1"].Control.StatusAsync());
    }

    [Fact]
    public async Task Status_NoDriverAtTheSocket_ExitFiveNamingTheSocket()
    {
        var socket = Path.Combine(this.lab.Root, "absent.sock");

        var (exit, _, error) = await Tool.RunAsync(Vigil.Specs.Support.RepoPaths.Vigil, ["mirror", "status", "--control", socket]);

        Assert.Equal(6, exit);
        Assert.Contains($"no vigil-repd control socket at {socket}", error, StringComparison.Ordinal);
    }

    private string[] CreateArgs(string node) =>
    [
        "mirror", "create", "m", "--volume", this.lab.Volume(node, "m"), "--size", "16M", "--mode", "sync", "--primary", "n1",
        "--node", $"n1={this.lab["n1"].Address}", "--node", $"n2={this.lab["n2"].Address}", "--export-socket", this.lab.ExportSocket("m"),
    ];

    private static string[] ProgressLines(string output) => [.. output.Split('\n').Where(l => l.StartsWith("resync ", StringComparison.Ordinal))];

    private static JsonNode Scrub(JsonNode status)
    {
        status["generation"] = "(random)";
        status["hotExtents"] = "(timing)"; // emptied by the activity-log cooling timer
        return status;
    }

    [GeneratedRegex(@"\((\d+) %\)")]
    private static partial Regex Percent();
}
