using Vigil.ReplicationDriver.Client;
using Vigil.Specs.Replication.Support;

namespace Vigil.Specs.Replication.Mirrors;

/// <summary>Async mode: writes complete locally, are shipped in order, and fall back to the bitmap.</summary>
public sealed class AsyncMirrorSpecs : IDisposable
{
    private const long Size = 16 << 20;
    private readonly MirrorLab lab = new("n1", "n2", "n3");

    public void Dispose() => this.lab.Dispose();

    [Fact]
    public async Task Writes_OneTargetDown_CompleteAndResyncWhenItReturns()
    {
        await this.lab.StartAllAsync();
        await this.lab.CreateAsync(this.lab.Spec("m", MirrorMode.Async, "n1", Size));
        this.lab["n3"].Kill();
        await this.lab["n1"].WaitAsync("m", s => s.Peers.Single(p => p.Node == "n3").State == PeerLinkState.Disconnected, "n3 lost");

        using (var client = NbdTestClient.Open(this.lab.ExportSocket("m"), "m"))
        {
            for (var i = 0; i < 64; i++)
            {
                Assert.Equal(0, client.Write(i * 65536L, SeqBlocks.Make(i, i * 65536L)));
            }

            Assert.Equal(0, client.Flush());
        }

        var primary = await this.lab["n1"].WaitAsync("m", s => s.Peers.Single(p => p.Node == "n2").State == PeerLinkState.Mirroring, "n2 mirroring");
        Assert.False(primary.Suspended);
        Assert.Equal(64, primary.Peers.Single(p => p.Node == "n3").DirtyChunks);
        await this.lab["n2"].WaitAsync("m", s => s.AppliedWrites == 64, "n2 applied every write");
        Assert.Equal(this.lab.Md5("n1", "m"), this.lab.Md5("n2", "m"));

        await this.lab["n3"].StartAsync();
        await this.lab["n3"].WaitAsync("m", s => s.Disk == DiskState.UpToDate, "n3 caught up");
        Assert.Equal(this.lab.Md5("n1", "m"), this.lab.Md5("n3", "m"));
    }

    [Fact]
    public async Task Promote_AsyncTargetAfterPrimaryLost_RefusedAsStaleUnlessForced()
    {
        await this.lab.StartAllAsync();
        await this.lab.CreateAsync(this.lab.Spec("m", MirrorMode.Async, "n1", Size));
        using (var client = NbdTestClient.Open(this.lab.ExportSocket("m"), "m"))
        {
            Assert.Equal(0, client.Write(0, SeqBlocks.Make(1, 0)));
        }

        await this.lab["n2"].WaitAsync("m", s => s.AppliedWrites == 1, "n2 applied the write");
        this.lab["n1"].Kill();
        var stale = await this.lab["n2"].WaitAsync("m", s => s.Peers.Single(p => p.Node == "n1").State == PeerLinkState.Disconnected, "n2 lost n1");
        Assert.Equal(DiskState.Consistent, stale.Disk);
        var refusal = await Assert.ThrowsAsync<ControlException>(() => this.lab["n2"].Control.PromoteAsync("m"));
        Assert.Contains("stale", refusal.Message, StringComparison.Ordinal);
        Assert.Equal(MirrorRole.Primary, (await this.lab["n2"].Control.PromoteAsync("m", force: true)).Role);
    }

    [Fact]
    public async Task Promote_AsyncTargetAfterCleanDemote_AllowedWithoutForce()
    {
        await this.lab.StartAllAsync();
        await this.lab.CreateAsync(this.lab.Spec("m", MirrorMode.Async, "n1", Size));
        using (var client = NbdTestClient.Open(this.lab.ExportSocket("m"), "m"))
        {
            for (var i = 0; i < 32; i++)
            {
                Assert.Equal(0, client.Write(i * 4096L, SeqBlocks.Make(i, i * 4096L)));
            }
        }

        await this.lab["n1"].Control.DemoteAsync("m");
        var handedOver = await this.lab["n2"].WaitAsync("m", s => s.Peers.Single(p => p.Node == "n1").State == PeerLinkState.Disconnected, "n1 closed the link");
        Assert.Equal(DiskState.UpToDate, handedOver.Disk);
        Assert.Equal(MirrorRole.Primary, (await this.lab["n2"].Control.PromoteAsync("m")).Role);
        await this.lab["n2"].WaitAsync("m", s => s.Peers.All(p => p.State == PeerLinkState.Mirroring), "new primary mirrors to n1 and n3");
        Assert.Equal(this.lab.Md5("n1", "m"), this.lab.Md5("n2", "m"));
        Assert.Equal(this.lab.Md5("n2", "m"), this.lab.Md5("n3", "m"));
    }
}
