using System.Security.Cryptography;
using System.Text.Json;
using Vigil.ReplicationDriver.Client;
using Vigil.Specs.Replication.Support;

namespace Vigil.Specs.Replication.Nbd;

/// <summary>The export against real NBD clients from Debian packages (libnbd-bin, qemu-utils, fio), on one unreplicated node.</summary>
public sealed class NbdExportSpecs : IAsyncLifetime
{
    private const long Size = 32 << 20;
    private readonly MirrorLab lab = new("n1");
    private int tcpPort;

    public async Task InitializeAsync()
    {
        await this.lab.StartAllAsync();
        this.tcpPort = Ports.Free();
        await this.lab.CreateAsync(this.lab.Spec("vol", MirrorMode.Sync, "n1", Size) with { ExportTcpPort = this.tcpPort });
    }

    public Task DisposeAsync()
    {
        this.lab.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Nbdinfo_UnixAndTcp_ReportsSizeFlushFuaTrimMultiConn()
    {
        foreach (var uri in new[] { this.lab.Uri("vol"), $"nbd://127.0.0.1:{this.tcpPort}/vol" })
        {
            using var json = JsonDocument.Parse(await Tool.CheckAsync("nbdinfo", "--json", uri));
            var export = json.RootElement.GetProperty("exports")[0];
            Assert.Equal(Size, export.GetProperty("export-size").GetInt64());
            Assert.True(export.GetProperty("can_flush").GetBoolean());
            Assert.True(export.GetProperty("can_fua").GetBoolean());
            Assert.True(export.GetProperty("can_trim").GetBoolean());
            Assert.True(export.GetProperty("can_multi_conn").GetBoolean());
            Assert.Equal("newstyle-fixed", json.RootElement.GetProperty("protocol").GetString());
        }
    }

    [Fact]
    public async Task NbdinfoList_Always_ListsTheMirror()
    {
        var output = await Tool.CheckAsync("nbdinfo", "--list", "--json", this.lab.Uri("vol"));
        using var json = JsonDocument.Parse(output);
        Assert.Equal("vol", json.RootElement.GetProperty("exports")[0].GetProperty("export-name").GetString());
    }

    [Fact]
    public async Task Nbdcopy_InAndOut_BytesIdentical()
    {
        var source = Path.Combine(this.lab.Root, "source.img");
        var back = Path.Combine(this.lab.Root, "back.img");
        await File.WriteAllBytesAsync(source, RandomNumberGenerator.GetBytes((int)Size));
        await Tool.CheckAsync("nbdcopy", source, this.lab.Uri("vol"));
        await Tool.CheckAsync("nbdcopy", $"nbd://127.0.0.1:{this.tcpPort}/vol", back);
        Assert.Equal(MD5.HashData(await File.ReadAllBytesAsync(source)), MD5.HashData(await File.ReadAllBytesAsync(back)));
        Assert.Equal(this.lab.Md5("n1", "vol"), Convert.ToHexString(MD5.HashData(await File.ReadAllBytesAsync(source))));
    }

    [Fact]
    public async Task QemuImg_ConvertThenCompare_Identical()
    {
        var source = Path.Combine(this.lab.Root, "qemu-source.img");
        await File.WriteAllBytesAsync(source, RandomNumberGenerator.GetBytes((int)Size));
        await Tool.CheckAsync("qemu-img", "convert", "-n", "-f", "raw", "-O", "raw", source, this.lab.Uri("vol"));
        var compare = await Tool.CheckAsync("qemu-img", "compare", "-f", "raw", "-F", "raw", source, this.lab.Uri("vol"));
        Assert.Contains("Images are identical", compare, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FioNbdEngine_RandomWritesWithVerify_NoErrors()
    {
        var (exit, output, error) = await Tool.RunAsync("fio", [
            "--name=verify", "--ioengine=nbd", $"--uri={this.lab.Uri("vol")}", "--rw=randwrite", "--bs=4k",
            "--size=8m", "--iodepth=16", "--verify=crc32c", "--do_verify=1", "--verify_fatal=1", "--output-format=json"]);
        Assert.True(exit == 0, error + output);
        using var json = JsonDocument.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..]);
        Assert.Equal(0, json.RootElement.GetProperty("jobs")[0].GetProperty("error").GetInt32());
    }

    [Fact]
    public void StructuredReplyOption_Requested_RefusedWithErrUnsup()
    {
        using var client = NbdTestClient.Greet(this.lab.ExportSocket("vol"));
        var replies = client.Option(8, []);
        Assert.Equal(0x80000001u, replies[^1].Type);
    }

    [Fact]
    public void GoOption_UnknownExport_RefusedWithErrUnknown()
    {
        using var client = NbdTestClient.Greet(this.lab.ExportSocket("vol"));
        var name = "nope"u8.ToArray();
        var replies = client.Option(7, [0, 0, 0, (byte)name.Length, .. name, 0, 0]);
        Assert.Equal(0x80000006u, replies[^1].Type);
    }

    [Fact]
    public void Write_PastTheEnd_ENoSpcAndConnectionStaysUsable()
    {
        using var client = NbdTestClient.Open(this.lab.ExportSocket("vol"), "vol");
        Assert.Equal(28, client.Write(Size - 512, new byte[4096]));
        Assert.Equal(0, client.Write(0, new byte[4096], fua: true));
        Assert.Equal(0, client.Flush());
        client.Disconnect();
    }

    [Fact]
    public async Task Create_ExistingMirrorWithDifferentSpec_RefusedAndUnchanged()
    {
        var spec = this.lab.Spec("vol", MirrorMode.Async, "n1", Size) with { Volume = this.lab.Volume("n1", "vol"), ExportTcpPort = this.tcpPort };
        var refusal = await Assert.ThrowsAsync<ControlException>(() => this.lab["n1"].Control.CreateAsync(spec));
        Assert.Contains("different", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(MirrorMode.Sync, (await this.lab["n1"].StatusAsync("vol")).Mode);
    }
}
