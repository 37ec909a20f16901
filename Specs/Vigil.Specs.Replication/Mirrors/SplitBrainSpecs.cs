using Vigil.ReplicationDriver.Client;
using Vigil.Specs.Replication.Support;

namespace Vigil.Specs.Replication.Mirrors;

/// <summary>Generation ids across partitions, crashes and changes of primary.</summary>
public sealed class SplitBrainSpecs : IDisposable
{
    private const long Size = 8 << 20;
    private readonly MirrorLab lab = new("n1", "n2");

    public void Dispose() => this.lab.Dispose();

    [Fact]
    public async Task BothSidesWritten_WhilePartitioned_SplitBrainOnBothThenDiscardResyncs()
    {
        var toN1 = this.lab.ProxyFor("n1");
        var toN2 = this.lab.ProxyFor("n2");
        await this.lab.StartAllAsync();
        var spec = this.lab.Spec("m", MirrorMode.Sync, "n1", Size, new Dictionary<string, string> { ["n1"] = toN1.Address, ["n2"] = toN2.Address });
        await this.lab.CreateAsync(spec);

        toN1.Cut();
        toN2.Cut();
        await this.lab["n1"].WaitAsync("m", s => s.Suspended, "n1 suspended");
        await this.lab["n1"].Control.OutdateAsync("m", "n2");
        using (var client = NbdTestClient.Open(this.lab.ExportSocket("m"), "m"))
        {
            Assert.Equal(0, client.Write(0, SeqBlocks.Make(1, 0)));
        }

        // The other side is cut off from its primary and is promoted (the cluster thinks n1 died).
        await this.lab["n2"].WaitAsync("m", s => s.Peers[0].State == PeerLinkState.Disconnected, "n2 lost its primary");
        await this.lab["n2"].Control.PromoteAsync("m");
        await this.lab["n2"].Control.OutdateAsync("m", "n1");
        await Poll.UntilAsync(() => RepdNode.Accepts(this.lab.ExportSocket("m")), TimeSpan.FromSeconds(10), "n2 export");
        using (var client = NbdTestClient.Open(this.lab.ExportSocket("m"), "m"))
        {
            Assert.Equal(0, client.Write(1 << 20, SeqBlocks.Make(2, 1 << 20)));
        }

        toN1.Heal();
        toN2.Heal();
        var n1 = await this.lab["n1"].WaitAsync("m", s => s.SplitBrain, "split brain reported on n1");
        var n2 = await this.lab["n2"].WaitAsync("m", s => s.SplitBrain, "split brain reported on n2");
        Assert.Contains("both sides written", n1.Peers[0].Detail, StringComparison.Ordinal);
        Assert.Equal(PeerLinkState.SplitBrain, n2.Peers[0].State);
        Assert.NotEqual(this.lab.Md5("n1", "m"), this.lab.Md5("n2", "m")); // no automatic resync

        // The operator keeps n1's data: n2 steps down and discards its changes.
        await this.lab["n2"].Control.DemoteAsync("m");
        await this.lab["n2"].Control.DiscardMyDataAsync("m");
        await this.lab["n2"].WaitAsync("m", s => s.Disk == DiskState.UpToDate && !s.SplitBrain, "n2 resynced from n1");
        var survivor = await this.lab["n1"].WaitAsync("m", s => s.Peers[0].State == PeerLinkState.Mirroring, "n1 mirroring again");
        Assert.False(survivor.SplitBrain);
        Assert.Equal(this.lab.Md5("n1", "m"), this.lab.Md5("n2", "m"));
    }

    [Fact]
    public async Task PrimaryCrash_RestartAsSecondary_HotExtentsResyncedFromNewPrimary()
    {
        await this.lab.StartAllAsync();
        await this.lab.CreateAsync(this.lab.Spec("m", MirrorMode.Sync, "n1", Size));
        using (var client = NbdTestClient.Open(this.lab.ExportSocket("m"), "m"))
        {
            Assert.Equal(0, client.Write(2 << 20, SeqBlocks.Make(1, 2 << 20)));
        }

        this.lab["n1"].Kill();
        await this.lab["n2"].WaitAsync("m", s => s.Peers[0].State == PeerLinkState.Disconnected, "n2 lost n1");
        await this.lab["n2"].Control.PromoteAsync("m");
        await this.lab["n2"].Control.OutdateAsync("m", "n1");
        await Poll.UntilAsync(() => RepdNode.Accepts(this.lab.ExportSocket("m")), TimeSpan.FromSeconds(10), "n2 export");
        using (var client = NbdTestClient.Open(this.lab.ExportSocket("m"), "m"))
        {
            Assert.Equal(0, client.Write(6 << 20, SeqBlocks.Make(2, 6 << 20)));
        }

        await this.lab["n1"].StartAsync(); // comes back secondary, activity log hot
        var back = await this.lab["n1"].WaitAsync("m", s => s.Disk == DiskState.UpToDate && s.Peers[0].State == PeerLinkState.Mirroring, "old primary resynced");
        Assert.Equal(MirrorRole.Secondary, back.Role);
        // Only the hot 4 MiB extent of the crashed primary (64 chunks) and the new primary's chunk travel, not the volume.
        Assert.InRange(back.Peers[0].ResyncedChunksTotal, 1, 65);
        Assert.Equal(this.lab.Md5("n1", "m"), this.lab.Md5("n2", "m"));
    }

    [Fact]
    public async Task PeerWithWrongSecret_Connecting_RefusedAndNeverMirrors()
    {
        await File.WriteAllBytesAsync(this.lab["n2"].SecretFile, new byte[32]);
        await this.lab.StartAllAsync();
        await this.lab.CreateAsync(this.lab.Spec("m", MirrorMode.Async, "n1", Size), waitInSync: false);
        await Poll.UntilAsync(() => this.lab["n2"].Log.Contains("Refused unauthenticated peer", StringComparison.Ordinal), TimeSpan.FromSeconds(15), "n2 refuses n1");
        var status = await this.lab["n1"].StatusAsync("m");
        Assert.Equal(PeerLinkState.Disconnected, status.Peers[0].State);
        Assert.Equal(DiskState.Inconsistent, (await this.lab["n2"].StatusAsync("m")).Disk);

        // A raw client that answers the challenge with garbage is cut off without a byte of protocol.
        using var raw = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        await raw.ConnectAsync(System.Net.IPEndPoint.Parse(this.lab["n2"].Address));
        var challenge = new byte[40];
        Assert.Equal(40, await raw.ReceiveAsync(challenge));
        await raw.SendAsync(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64));
        var rest = new byte[64];
        Assert.Equal(0, await raw.ReceiveAsync(rest.AsMemory()).AsTask().WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task PrimaryCrash_AfterActivityLogCooled_OnlyTheExtentWrittenSinceIsResynced()
    {
        foreach (var node in this.lab.Nodes)
        {
            // Long enough that the extent written last is still hot when n1 is killed, even on a loaded machine.
            node.ExtraArgs.AddRange(["--al-cool-ms", "2000"]);
        }

        await this.lab.StartAllAsync();
        await this.lab.CreateAsync(this.lab.Spec("m", MirrorMode.Sync, "n1", Size));
        using (var client = NbdTestClient.Open(this.lab.ExportSocket("m"), "m"))
        {
            for (long offset = 0; offset < Size; offset += 1 << 20)
            {
                Assert.Equal(0, client.Write(offset, SeqBlocks.Make(offset, offset))); // every extent hot
            }

            await this.lab["n1"].WaitAsync("m", s => s.HotExtents == 0, "activity log cooled");
            Assert.Equal(0, client.Write(5 << 20, SeqBlocks.Make(99, 5 << 20))); // one extent hot again
            Assert.Equal(1, (await this.lab["n1"].StatusAsync("m")).HotExtents);
        }

        this.lab["n1"].Kill();
        await this.lab["n2"].WaitAsync("m", s => s.Peers[0].State == PeerLinkState.Disconnected, "n2 lost n1");
        await this.lab["n2"].Control.PromoteAsync("m");
        await this.lab["n2"].Control.OutdateAsync("m", "n1");
        await this.lab["n1"].StartAsync();
        var back = await this.lab["n1"].WaitAsync("m", s => s.Disk == DiskState.UpToDate && s.Peers[0].State == PeerLinkState.Mirroring, "old primary resynced");
        Assert.Equal(64, back.Peers[0].ResyncedChunksTotal); // one 4 MiB extent of 64 KiB chunks, not the 128 of the volume
        Assert.Equal(this.lab.Md5("n1", "m"), this.lab.Md5("n2", "m"));
    }
}
