using Vigil.ReplicationDriver.Client;
using Vigil.ReplicationDriver.Peers;

namespace Vigil.Specs.Replication.Units;

/// <summary>The dialing primary's comparison of generation ids (pure function).</summary>
public sealed class GenerationDecisionSpecs
{
    private const ulong G1 = 0x11, G2 = 0x22, G3 = 0x33;

    [Fact]
    public void Decide_NewTarget_FullResync()
        => Assert.Equal(new PeerVerdict(PeerVerdict.Sync, true, "new target: full resync"), GenerationDecision.Decide(Primary(G1, 0), Secondary(0, 0)));

    [Fact]
    public void Decide_SameGeneration_BitmapResync()
    {
        var verdict = GenerationDecision.Decide(Primary(G1, 0), Secondary(G1, 0));
        Assert.Equal(PeerVerdict.Sync, verdict.Outcome);
        Assert.False(verdict.Full);
    }

    [Fact]
    public void Decide_PeerAtMyBitmapBase_BitmapResync()
    {
        var verdict = GenerationDecision.Decide(Primary(G2, G1), Secondary(G1, 0));
        Assert.Equal((PeerVerdict.Sync, false), (verdict.Outcome, verdict.Full));
    }

    [Fact]
    public void Decide_BothWroteSinceCommonBase_SplitBrain()
        => Assert.Equal(PeerVerdict.SplitBrain, GenerationDecision.Decide(Primary(G2, G1), Secondary(G3, G1)).Outcome);

    [Fact]
    public void Decide_BothPrimaryAfterPartition_SplitBrainNotJustRefused()
        => Assert.Equal(PeerVerdict.SplitBrain, GenerationDecision.Decide(Primary(G2, G1), Primary(G3, G1)).Outcome);

    [Fact]
    public void Decide_PeerNewerThanPrimary_Refused()
    {
        var verdict = GenerationDecision.Decide(Primary(G1, 0), Secondary(G2, G1));
        Assert.Equal(PeerVerdict.Refused, verdict.Outcome);
        Assert.Contains("newer data", verdict.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_PeerDiscardsAfterSplitBrain_BitmapResyncFromPrimary()
    {
        var verdict = GenerationDecision.Decide(Primary(G2, G1), Secondary(G3, G1) with { Discard = true });
        Assert.Equal((PeerVerdict.Sync, false), (verdict.Outcome, verdict.Full));
    }

    [Fact]
    public void Decide_PeerBehindBeyondBitmap_FullResync()
    {
        var verdict = GenerationDecision.Decide(Primary(G3, 0) with { History = [G2, G1] }, Secondary(G1, 0));
        Assert.Equal((PeerVerdict.Sync, true), (verdict.Outcome, verdict.Full));
    }

    [Fact]
    public void Decide_UnrelatedData_SplitBrainForTheOperator()
        => Assert.Equal(PeerVerdict.SplitBrain, GenerationDecision.Decide(Primary(G1, 0), Secondary(G2, 0)).Outcome);

    private static PeerHello Primary(ulong current, ulong baseForPeer) => Hello("p", MirrorRole.Primary, current, baseForPeer);

    private static PeerHello Secondary(ulong current, ulong baseForPeer) => Hello("s", MirrorRole.Secondary, current, baseForPeer);

    private static PeerHello Hello(string node, MirrorRole role, ulong current, ulong baseForPeer)
        => new("m", node, role, DiskState.Consistent, current, baseForPeer, [], false, 1 << 20, 65536, []);
}
