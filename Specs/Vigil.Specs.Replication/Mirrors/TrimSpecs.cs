using Vigil.ReplicationDriver.Client;
using Vigil.Specs.Replication.Support;

namespace Vigil.Specs.Replication.Mirrors;

/// <summary>
/// TRIM is replicated: a real client (qemu-io) discards a range through the export, and every copy reads zeros
/// there, has the hole punched, and stays byte-identical to the primary — also when the target missed the trim.
/// </summary>
public sealed class TrimSpecs : IDisposable
{
    private const long Size = 16 << 20;
    private const int Mib = 1 << 20;
    private readonly MirrorLab lab = new("n1", "n2");

    public void Dispose() => this.lab.Dispose();

    [Theory]
    [InlineData(MirrorMode.Sync)]
    [InlineData(MirrorMode.Async)]
    public async Task Discard_ThroughExport_EveryCopyZeroedPunchedAndIdentical(MirrorMode mode)
    {
        await this.lab.StartAllAsync();
        await this.lab.CreateAsync(this.lab.Spec("m", mode, "n1", Size));
        this.WritePattern(0, 8 * Mib);
        var before = AllocatedBytes(this.lab.Volume("n2", "m"));

        // 3 MiB from 1 MiB, then a flush: qemu-io's discard is an NBD_CMD_TRIM.
        await this.QemuIoAsync("discard 1M 3M", "flush");
        await this.lab["n1"].WaitAsync("m", s => s.Peers[0].State == PeerLinkState.Mirroring && s.Peers[0].DirtyChunks == 0, "in sync");
        await Poll.UntilAsync(() => this.lab.Md5("n1", "m") == this.lab.Md5("n2", "m"), TimeSpan.FromSeconds(10), "copies identical after the trim");

        foreach (var node in new[] { "n1", "n2" })
        {
            var copy = await File.ReadAllBytesAsync(this.lab.Volume(node, "m"));
            Assert.True(copy.AsSpan(1 * Mib, 3 * Mib).IndexOfAnyExcept((byte)0) < 0, $"{node}: trimmed range not zero");
            Assert.Equal(Pattern(0), copy[0]);
            Assert.Equal(Pattern(4 * Mib), copy[4 * Mib]); // the range after the trim is untouched
        }

        Assert.True(AllocatedBytes(this.lab.Volume("n2", "m")) <= before - (3L * Mib), "target's hole not punched");
    }

    [Fact]
    public async Task Discard_WhileTargetCutOff_OnlyTrimmedChunksResyncedAsZerosCopiesIdentical()
    {
        var proxy = this.lab.ProxyFor("n2");
        await this.lab.StartAllAsync();
        var spec = this.lab.Spec("m", MirrorMode.Sync, "n1", Size, new Dictionary<string, string> { ["n2"] = proxy.Address });
        await this.lab.CreateAsync(spec);
        this.WritePattern(0, 4 * Mib); // sync: acknowledged, so nothing of it is in flight when the link is cut

        proxy.Cut();
        await this.lab["n1"].WaitAsync("m", s => s.Suspended, "suspended after the cut");
        await this.lab["n1"].Control.OutdateAsync("m", "n2");
        await this.QemuIoAsync("discard 0 1M");
        var dirty = await this.lab["n1"].StatusAsync("m");
        Assert.Equal(Mib / spec.ChunkSize, dirty.Peers[0].DirtyChunks); // exactly the trimmed chunks wait for the target

        proxy.Heal();
        await this.lab["n1"].WaitAsync("m", s => s.Peers[0].State == PeerLinkState.Mirroring && s.Peers[0].DirtyChunks == 0, "resynced");
        await this.lab["n2"].WaitAsync("m", s => s.Disk == DiskState.UpToDate, "target up to date");
        Assert.Equal(this.lab.Md5("n1", "m"), this.lab.Md5("n2", "m"));
        var target = await File.ReadAllBytesAsync(this.lab.Volume("n2", "m"));
        Assert.True(target.AsSpan(0, Mib).IndexOfAnyExcept((byte)0) < 0, "the target kept data the primary discarded");
    }

    private static byte Pattern(long offset) => (byte)(1 + (offset / 4096 % 251));

    /// <summary>Bytes the file system really holds for the file (st_blocks × 512), as `du --block-size=1` reports.</summary>
    private static long AllocatedBytes(string path)
    {
        var output = Tool.CheckAsync("du", "--block-size=1", path).GetAwaiter().GetResult();
        return long.Parse(output.Split('\t')[0], System.Globalization.CultureInfo.InvariantCulture);
    }

    private void WritePattern(long offset, int length)
    {
        using var client = NbdTestClient.Open(this.lab.ExportSocket("m"), "m");
        var block = new byte[4096];
        for (var at = offset; at < offset + length; at += block.Length)
        {
            Array.Fill(block, Pattern(at));
            Assert.Equal(0, client.Write(at, block));
        }

        Assert.Equal(0, client.Flush());
    }

    private async Task QemuIoAsync(params string[] commands)
    {
        var args = new List<string> { "-f", "raw" };
        foreach (var command in commands)
        {
            args.Add("-c");
            args.Add(command);
        }

        args.Add(this.lab.Uri("m"));
        await Tool.CheckAsync("qemu-io", [.. args]);
    }
}
