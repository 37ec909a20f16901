using Vigil.Kits.Mirror;
using Vigil.ReplicationDriver.Client;

namespace Vigil.Specs.Kits.Mirror;

/// <summary>
/// Issue 8: the mirror kit's restore refusal names the real reason. It used to call every inconsistent copy "never
/// fully synced", also one that was in step before and whose resync stopped part-way, or one outdated by consensus.
/// </summary>
public sealed class PromotionGateSpecs
{
    private const string NeverSynced = "0000000000000000";
    private const string Synced = "9c41d2e07a1f3b55";

    [Fact]
    public void Refusal_MarkedOutdatedThroughConsensus_SaysByConsensusWithWhenWhoAndWhy()
    {
        var refusal = PromotionGate.Refusal(Status(DiskState.Consistent, Synced, Peer(PeerLinkState.Disconnected)), "at 2026-12-06 21:03:05 UTC by node1: sync target lost while primary writes");

        Assert.Equal(
            "node2's copy of vol is outdated by consensus (at 2026-12-06 21:03:05 UTC by node1: sync target lost while primary writes): it resyncs from the primary before it may be promoted",
            refusal);
    }

    [Fact]
    public void Refusal_Resyncing_SaysResyncingWithItsProgress()
    {
        var refusal = PromotionGate.Refusal(Status(DiskState.Inconsistent, Synced, Peer(PeerLinkState.Resyncing, done: 40, total: 100)), null);

        Assert.Equal("node2's copy of vol is resyncing from node1 (40 %)", refusal);
    }

    [Fact]
    public void Refusal_FirstResyncNeverFinished_SaysNeverFullySynced()
    {
        var refusal = PromotionGate.Refusal(Status(DiskState.Inconsistent, NeverSynced, Peer(PeerLinkState.Disconnected, done: 10, total: 256)), null);

        Assert.Equal("node2's copy of vol is inconsistent: it was never fully synced (its first resync did not finish)", refusal);
    }

    [Fact]
    public void Refusal_InStepBeforeResyncStoppedPartWay_SaysBehindNotNeverSynced()
    {
        var refusal = PromotionGate.Refusal(Status(DiskState.Inconsistent, Synced, Peer(PeerLinkState.Disconnected, done: 8, total: 32)), null);

        Assert.Equal("node2's copy of vol is behind: it was in step before, but its resync from node1 stopped at 25 % (8 of 32 chunks; link disconnected)", refusal);
    }

    [Fact]
    public void Refusal_InStepBeforeResyncStateLostInARestart_SaysBehind()
    {
        var refusal = PromotionGate.Refusal(Status(DiskState.Inconsistent, Synced, Peer(PeerLinkState.Disconnected)), null);

        Assert.Equal("node2's copy of vol is behind: it was in step before, but a resync did not finish", refusal);
    }

    [Fact]
    public void Refusal_OutdatedLocally_SaysOutdatedBehindItsPrimary()
    {
        var refusal = PromotionGate.Refusal(Status(DiskState.Outdated, Synced, Peer(PeerLinkState.Disconnected)), null);

        Assert.Equal("node2's copy of vol is outdated (behind its primary: it resyncs before it may be promoted)", refusal);
    }

    [Fact]
    public void Refusal_AsyncCopyCutOffFromItsPrimary_SaysStale()
    {
        var refusal = PromotionGate.Refusal(Status(DiskState.Consistent, Synced, Peer(PeerLinkState.Disconnected)) with { Mode = MirrorMode.Async }, null);

        Assert.Equal("node2's copy of async mirror vol is stale (it may lack the last writes)", refusal);
    }

    [Fact]
    public void Refusal_SplitBrain_SaysSplitBrainWithThePeer()
    {
        var status = Status(DiskState.UpToDate, Synced, Peer(PeerLinkState.SplitBrain) with { Detail = "both sides written" }) with { SplitBrain = true };

        Assert.Equal("split brain on vol with node1: both sides written; choose the copy to discard (vigil mirror discard)", PromotionGate.Refusal(status, null));
    }

    [Fact]
    public void Refusal_SyncCopyInStep_None()
    {
        Assert.Null(PromotionGate.Refusal(Status(DiskState.Consistent, Synced, Peer(PeerLinkState.Disconnected)), null));
    }

    private static MirrorStatus Status(DiskState disk, string generation, PeerStatus peer) =>
        new("vol", "node2", MirrorRole.Secondary, MirrorMode.Sync, disk, generation, 0, false, false, [peer]);

    private static PeerStatus Peer(PeerLinkState state, long done = 0, long total = 0) =>
        new("node1", state, 0, 0, done, total, 0, null);
}
