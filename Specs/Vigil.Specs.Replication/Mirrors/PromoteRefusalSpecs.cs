using Vigil.ReplicationDriver.Client;
using Vigil.Specs.Replication.Support;

namespace Vigil.Specs.Replication.Mirrors;

/// <summary>
/// Issue 8: a refused promotion names its real reason. An inconsistent copy that is not connected to its primary was
/// either never fully synced or behind after a resync that stopped part-way; the driver used to say only
/// "Inconsistent", and the mirror kit called both "never fully synced". A sync target paused by its primary misses the
/// writes from then on: it turns outdated (it stayed "consistent", promotable, and came up without those writes).
/// </summary>
public sealed class PromoteRefusalSpecs : IDisposable
{
    private const long Size = 16 << 20;
    private readonly MirrorLab lab = new("n1", "n2");

    public void Dispose() => this.lab.Dispose();

    [Fact]
    public async Task Promote_SyncTargetPausedByItsPrimary_RefusedAsOutdatedUntilResumedAndResynced()
    {
        await this.lab.StartAllAsync();
        await this.lab.CreateAsync(this.lab.Spec("m", MirrorMode.Sync, "n1", Size));
        await this.lab["n2"].WaitAsync("m", s => s.Disk == DiskState.UpToDate, "first resync done");

        await this.lab["n1"].Control.PauseAsync("m", "n2");
        await this.lab["n2"].WaitAsync("m", s => s.Disk == DiskState.Outdated, "the paused target outdated its copy");
        using (var client = NbdTestClient.Open(this.lab.ExportSocket("m"), "m"))
        {
            Assert.Equal(0, client.Write(0, SeqBlocks.Make(1, 0))); // a write the paused copy misses
        }

        var refusal = await Assert.ThrowsAsync<ControlException>(() => this.lab["n2"].Control.PromoteAsync("m"));

        Assert.Equal("refused: local copy is Outdated; use force to promote anyway", refusal.Message);
        Assert.Equal(MirrorRole.Secondary, (await this.lab["n2"].StatusAsync("m")).Role);
        await this.lab["n1"].Control.ResumeAsync("m", "n2");
        await this.lab["n2"].WaitAsync("m", s => s.Disk == DiskState.UpToDate, "resumed and resynced");
        Assert.Equal(this.lab.Md5("n1", "m"), this.lab.Md5("n2", "m"));
    }

    [Fact]
    public async Task Promote_FirstResyncCutOffByPrimaryLoss_RefusalSaysNeverFullySynced()
    {
        await this.lab.StartAllAsync();
        await this.lab.CreateAsync(this.lab.Spec("m", MirrorMode.Sync, "n1", Size, resyncRate: 1 << 20), waitInSync: false);
        await this.lab["n2"].WaitAsync("m", s => s.Peers[0].ResyncDone > 0, "first resync under way");
        this.lab["n1"].Kill();
        await this.lab["n2"].WaitAsync("m", s => s.Peers[0].State == PeerLinkState.Disconnected, "n2 lost n1");

        var refusal = await Assert.ThrowsAsync<ControlException>(() => this.lab["n2"].Control.PromoteAsync("m"));

        Assert.Equal("refused: local copy is Inconsistent: never fully synced (its first resync did not finish); use force to promote anyway", refusal.Message);
    }

    [Fact]
    public async Task Promote_InStepBeforeThenResyncCutOffByPrimaryLoss_RefusalSaysBehindNotNeverSynced()
    {
        await this.lab.StartAllAsync();
        await this.lab.CreateAsync(this.lab.Spec("m", MirrorMode.Sync, "n1", Size));
        await this.lab["n2"].WaitAsync("m", s => s.Disk == DiskState.UpToDate, "first resync done");
        await this.lab["n1"].Control.PauseAsync("m", "n2");
        using (var client = NbdTestClient.Open(this.lab.ExportSocket("m"), "m"))
        {
            for (var i = 0; i < 64; i++)
            {
                Assert.Equal(0, client.Write(i * 65536L, SeqBlocks.Make(i, i * 65536L)));
            }
        }

        await this.lab["n1"].Control.ThrottleAsync("m", 64 << 10);
        await this.lab["n1"].Control.ResumeAsync("m", "n2");
        await this.lab["n2"].WaitAsync("m", s => s.Disk == DiskState.Inconsistent && s.Peers[0].ResyncDone > 0, "resync of the paused writes under way");
        this.lab["n1"].Kill();
        await this.lab["n2"].WaitAsync("m", s => s.Peers[0].State == PeerLinkState.Disconnected, "n2 lost n1");

        var refusal = await Assert.ThrowsAsync<ControlException>(() => this.lab["n2"].Control.PromoteAsync("m"));

        Assert.Matches(@"^refused: local copy is Inconsistent: behind, in step before but its resync from n1 stopped at \d+ %; use force to promote anyway$", refusal.Message);
        Assert.DoesNotContain("never", refusal.Message, StringComparison.Ordinal);
    }
}
