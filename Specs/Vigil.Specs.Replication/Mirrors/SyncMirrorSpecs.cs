using Vigil.ReplicationDriver.Client;
using Vigil.Specs.Replication.Support;

namespace Vigil.Specs.Replication.Mirrors;

/// <summary>Sync mode (protocol C) with real processes: acknowledged writes survive the primary, a lost target suspends writes.</summary>
public sealed class SyncMirrorSpecs : IDisposable
{
    private const long Size = 16 << 20;
    private readonly MirrorLab lab = new("n1", "n2");

    public void Dispose() => this.lab.Dispose();

    [Fact]
    public async Task AcknowledgedWrites_PrimaryKilled_AllPresentOnTargetAndReadableAfterPromote()
    {
        await this.lab.StartAllAsync();
        await this.lab.CreateAsync(this.lab.Spec("m", MirrorMode.Sync, "n1", Size));
        var random = new Random(7);
        var last = new Dictionary<long, long>();
        using (var client = NbdTestClient.Open(this.lab.ExportSocket("m"), "m"))
        {
            for (long seq = 1; seq <= 600; seq++)
            {
                var offset = random.Next(0, (int)(Size / SeqBlocks.Size)) * (long)SeqBlocks.Size;
                Assert.Equal(0, client.Write(offset, SeqBlocks.Make(seq, offset), fua: seq % 50 == 0));
                last[offset] = seq;
                if (seq % 10 == 0)
                {
                    Assert.Equal(0, client.Flush());
                }
            }

            this.lab["n1"].Kill(); // crash with the client still connected
        }

        // Every acknowledged write is on the target, intact, and the newest one per block.
        var target = await File.ReadAllBytesAsync(this.lab.Volume("n2", "m"));
        foreach (var (offset, seq) in last)
        {
            Assert.Equal(seq, SeqBlocks.Check(target.AsSpan((int)offset, SeqBlocks.Size), offset));
        }

        // Failover: the target is promotable (consistent) and serves the same blocks through its own export.
        await this.lab["n2"].WaitAsync("m", s => s.Peers[0].State == PeerLinkState.Disconnected, "link to dead primary dropped");
        var promoted = await this.lab["n2"].Control.PromoteAsync("m");
        Assert.Equal(MirrorRole.Primary, promoted.Role);
        await Poll.UntilAsync(() => RepdNode.Accepts(this.lab.ExportSocket("m")), TimeSpan.FromSeconds(10), "new export");
        using var reader = NbdTestClient.Open(this.lab.ExportSocket("m"), "m");
        foreach (var (offset, seq) in last.Take(50))
        {
            Assert.Equal(seq, SeqBlocks.Check(reader.Read(offset, SeqBlocks.Size), offset));
        }
    }

    [Fact]
    public async Task Write_SyncTargetLost_SuspendedUntilOutdatedThenCompletes()
    {
        await this.lab.StartAllAsync();
        await this.lab.CreateAsync(this.lab.Spec("m", MirrorMode.Sync, "n1", Size));
        using var client = NbdTestClient.Open(this.lab.ExportSocket("m"), "m");
        Assert.Equal(0, client.Write(0, SeqBlocks.Make(1, 0)));

        this.lab["n2"].Kill();
        await this.lab["n1"].WaitAsync("m", s => s.Suspended, "writes suspended");
        var write = Task.Run(() => client.Write(4096, SeqBlocks.Make(2, 4096)));
        var stillSuspended = await this.lab["n1"].StatusAsync("m");
        Assert.True(stillSuspended.Suspended);
        Assert.False(write.IsCompleted, "a sync write completed without its target and without an outdate");

        var outdated = await this.lab["n1"].Control.OutdateAsync("m", "n2");
        Assert.Equal(PeerLinkState.Outdated, outdated.Peers[0].State);
        Assert.Equal(0, await write.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.False((await this.lab["n1"].StatusAsync("m")).Suspended);
        Assert.True((await this.lab["n1"].StatusAsync("m")).Peers[0].DirtyChunks >= 1);
    }

    [Fact]
    public async Task Reconnect_AfterPartitionAndOutdate_OnlyDirtyChunksResentAndCopiesIdentical()
    {
        var proxy = this.lab.ProxyFor("n2");
        await this.lab.StartAllAsync();
        var spec = this.lab.Spec("m", MirrorMode.Sync, "n1", Size, new Dictionary<string, string> { ["n2"] = proxy.Address });
        await this.lab.CreateAsync(spec);
        var initial = await this.lab["n2"].WaitAsync("m", s => s.Disk == DiskState.UpToDate, "initial resync done");
        Assert.Equal(Size / spec.ChunkSize, initial.Peers[0].ResyncedChunksTotal);

        using var client = NbdTestClient.Open(this.lab.ExportSocket("m"), "m");
        proxy.Cut();
        await this.lab["n1"].WaitAsync("m", s => s.Suspended, "suspended after the cut");
        await this.lab["n1"].Control.OutdateAsync("m", "n2");

        // 8 chunks: 7 single-chunk writes (two of them in chunk 5) and one write spanning chunks 200 and 201.
        long chunk = spec.ChunkSize;
        long[] offsets = [0, 5 * chunk, 5 * chunk + 8192, 9 * chunk, 17 * chunk, 40 * chunk, 100 * chunk, 200 * chunk + chunk - 2048];
        var seq = 10L;
        foreach (var offset in offsets)
        {
            Assert.Equal(0, client.Write(offset, SeqBlocks.Make(seq++, offset)));
        }

        var dirty = await this.lab["n1"].StatusAsync("m");
        Assert.Equal(8, dirty.Peers[0].DirtyChunks);

        proxy.Heal();
        await this.lab["n1"].WaitAsync("m", s => s.Peers[0].State == PeerLinkState.Mirroring && s.Peers[0].DirtyChunks == 0, "resynced");
        var target = await this.lab["n2"].WaitAsync("m", s => s.Disk == DiskState.UpToDate, "target up to date");
        Assert.Equal(initial.Peers[0].ResyncedChunksTotal + 8, target.Peers[0].ResyncedChunksTotal);
        Assert.Equal(this.lab.Md5("n1", "m"), this.lab.Md5("n2", "m"));
    }

    [Fact]
    public async Task Promote_TargetResyncing_RefusedUnlessForced()
    {
        await this.lab.StartAllAsync();
        // 1 MiB/s over 16 MiB: the initial full resync lasts ~16 s unless the throttle is lifted.
        await this.lab.CreateAsync(this.lab.Spec("m", MirrorMode.Sync, "n1", Size, resyncRate: 1 << 20), waitInSync: false);
        var resyncing = await this.lab["n2"].WaitAsync("m", s => s.Peers[0].State == PeerLinkState.Resyncing && s.Peers[0].ResyncDone > 0, "resync under way");
        Assert.Equal(DiskState.Inconsistent, resyncing.Disk);
        Assert.True(resyncing.Peers[0].ResyncDone < resyncing.Peers[0].ResyncTotal);

        var refusal = await Assert.ThrowsAsync<ControlException>(() => this.lab["n2"].Control.PromoteAsync("m"));
        Assert.Contains("refused", refusal.Message, StringComparison.Ordinal);

        await this.lab["n1"].Control.ThrottleAsync("m", 0);
        await this.lab["n2"].WaitAsync("m", s => s.Disk == DiskState.UpToDate, "resync done once unthrottled");
        Assert.Equal(this.lab.Md5("n1", "m"), this.lab.Md5("n2", "m"));
    }

    [Fact]
    public async Task PauseResume_WritesWhilePaused_TrackedThenResynced()
    {
        await this.lab.StartAllAsync();
        await this.lab.CreateAsync(this.lab.Spec("m", MirrorMode.Sync, "n1", Size));
        var paused = await this.lab["n1"].Control.PauseAsync("m", "n2");
        Assert.Equal(PeerLinkState.Paused, paused.Peers[0].State);
        using var client = NbdTestClient.Open(this.lab.ExportSocket("m"), "m");
        Assert.Equal(0, client.Write(3 << 20, SeqBlocks.Make(1, 3 << 20)));
        Assert.Equal(1, (await this.lab["n1"].StatusAsync("m")).Peers[0].DirtyChunks);

        await this.lab["n1"].Control.ResumeAsync("m", "n2");
        await this.lab["n1"].WaitAsync("m", s => s.Peers[0].State == PeerLinkState.Mirroring && s.Peers[0].DirtyChunks == 0, "resumed and resynced");
        await this.lab["n2"].WaitAsync("m", s => s.Disk == DiskState.UpToDate, "target up to date");
        Assert.Equal(this.lab.Md5("n1", "m"), this.lab.Md5("n2", "m"));
    }

    [Fact]
    public async Task FullResync_OnDemand_EveryChunkResentWhileWritesGoOn()
    {
        await this.lab.StartAllAsync();
        var spec = this.lab.Spec("m", MirrorMode.Sync, "n1", Size);
        await this.lab.CreateAsync(spec);
        var before = await this.lab["n2"].WaitAsync("m", s => s.Disk == DiskState.UpToDate, "initial resync done");

        await this.lab["n1"].Control.ThrottleAsync("m", 1 << 20);
        await this.lab["n1"].Control.FullResyncAsync("m", "n2");
        var during = await this.lab["n2"].WaitAsync("m", s => s.Disk == DiskState.Inconsistent && s.Peers[0].ResyncDone > 0, "full resync under way");
        Assert.Equal(Size / spec.ChunkSize, during.Peers[0].ResyncTotal);
        using (var client = NbdTestClient.Open(this.lab.ExportSocket("m"), "m"))
        {
            // Sync writes are not suspended by a full resync: the target receives them as usual.
            Assert.Equal(0, client.Write(Size - 4096, SeqBlocks.Make(1, Size - 4096)));
        }

        Assert.Equal(PeerLinkState.Resyncing, (await this.lab["n1"].StatusAsync("m")).Peers[0].State);
        await this.lab["n1"].Control.ThrottleAsync("m", 0);
        var after = await this.lab["n2"].WaitAsync("m", s => s.Disk == DiskState.UpToDate
            && s.Peers[0].ResyncedChunksTotal >= before.Peers[0].ResyncedChunksTotal + (Size / spec.ChunkSize), "second full resync done");
        Assert.Equal(this.lab.Md5("n1", "m"), this.lab.Md5("n2", "m"));
        Assert.Equal(PeerLinkState.Mirroring, (await this.lab["n1"].StatusAsync("m")).Peers[0].State);
    }

    [Fact]
    public async Task Restart_TargetKilledMidResync_StaysInconsistentAndRefusesPromote()
    {
        await this.lab.StartAllAsync();
        await this.lab.CreateAsync(this.lab.Spec("m", MirrorMode.Sync, "n1", Size, resyncRate: 1 << 20), waitInSync: false);
        await this.lab["n2"].WaitAsync("m", s => s.Peers[0].ResyncDone > 0, "resync under way");
        this.lab["n2"].Kill();
        await this.lab["n2"].StartAsync();

        var restarted = await this.lab["n2"].StatusAsync("m");
        Assert.Equal(DiskState.Inconsistent, restarted.Disk);
        await Assert.ThrowsAsync<ControlException>(() => this.lab["n2"].Control.PromoteAsync("m"));

        await this.lab["n1"].Control.ThrottleAsync("m", 0);
        await this.lab["n2"].WaitAsync("m", s => s.Disk == DiskState.UpToDate, "resync finished after the restart");
        Assert.Equal(this.lab.Md5("n1", "m"), this.lab.Md5("n2", "m"));
    }
}
