namespace Vigil.ReplicationDriver.Peers;

/// <summary>The dialing primary's decision, sent to the target after the hello exchange (JSON payload of a Verdict frame).</summary>
/// <param name="Outcome">sync, splitbrain or refused.</param>
/// <param name="Full">Whole-volume resync (no usable common bitmap).</param>
/// <param name="Detail">Why, for humans.</param>
internal sealed record PeerVerdict(string Outcome, bool Full, string Detail)
{
    public const string Sync = "sync";
    public const string SplitBrain = "splitbrain";
    public const string Refused = "refused";
}
