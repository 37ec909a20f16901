using Vigil.ReplicationDriver.Client;
using Vigil.Specs.Replication.Support;

namespace Vigil.Specs.Replication.Mirrors;

/// <summary>Sync mode with two targets: a write waits for both; losing one suspends until it is outdated.</summary>
public sealed class ThreeNodeSyncSpecs : IDisposable
{
    private const long Size = 8 << 20;
    private readonly MirrorLab lab = new("n1", "n2", "n3");

    public void Dispose() => this.lab.Dispose();

    [Fact]
    public async Task Writes_TwoSyncTargets_BothHoldEveryAcknowledgedWrite()
    {
        await this.lab.StartAllAsync();
        await this.lab.CreateAsync(this.lab.Spec("m", MirrorMode.Sync, "n1", Size));
        using var client = NbdTestClient.Open(this.lab.ExportSocket("m"), "m");
        for (var i = 0; i < 100; i++)
        {
            var offset = i * 3 * 4096L;
            Assert.Equal(0, client.Write(offset, SeqBlocks.Make(i, offset)));
        }

        // No waiting: sync acknowledgement means both copies are already written.
        Assert.Equal(this.lab.Md5("n1", "m"), this.lab.Md5("n2", "m"));
        Assert.Equal(this.lab.Md5("n1", "m"), this.lab.Md5("n3", "m"));

        this.lab["n3"].Kill();
        await this.lab["n1"].WaitAsync("m", s => s.Suspended, "suspended without n3");
        await this.lab["n1"].Control.OutdateAsync("m", "n3");
        Assert.Equal(0, client.Write(0, SeqBlocks.Make(1000, 0)));
        Assert.Equal(this.lab.Md5("n1", "m"), this.lab.Md5("n2", "m"));
        var status = await this.lab["n1"].StatusAsync("m");
        Assert.Equal(PeerLinkState.Mirroring, status.Peers.Single(p => p.Node == "n2").State);
        Assert.Equal(PeerLinkState.Outdated, status.Peers.Single(p => p.Node == "n3").State);
    }
}
