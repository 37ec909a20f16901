namespace Vigil.Consensus;

public sealed partial class ProposalRelay
{
    // Cancelled (and replaced) whenever the node sees another leader, or none: an attempt bound to the old leader ends.
    private CancellationTokenSource _leaderEpoch = new();

    /// <summary>
    /// A token cancelled at the next leader change. A forward to a crashed leader gets no answer (no RST from a pulled
    /// cable or a frozen machine), so it must not wait for its deadline once the cluster has moved on; and a retry
    /// pause ends as soon as there is a leader to try.
    /// </summary>
    private CancellationToken LeaderEpoch => Volatile.Read(ref _leaderEpoch).Token;

    private void OnLeaderChanged(object? sender, LeaderChangedEventArgs e)
    {
        // Not disposed: an attempt may still be linking to its token; it holds no timer, so the GC reclaims it.
        var old = Interlocked.Exchange(ref _leaderEpoch, new CancellationTokenSource());
        old.Cancel();
        LogLeaderChangedRerouting(e.LeaderName ?? "(none)", e.Term);
        PrepareForward(e.LeaderName);
    }
}
