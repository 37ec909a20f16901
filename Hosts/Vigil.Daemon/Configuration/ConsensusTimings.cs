using Vigil.Membership;

namespace Vigil.Daemon.Configuration;

/// <summary>
/// vigild's Raft timings, derived from the heartbeat profile: a follower gives up on a silent leader after about the
/// detector's deadline (the lower election timeout), the spread above it is 40 % (it avoids split votes; the spread,
/// not the floor, sets the worst case, see docs/performance.md), the leader beats every 0.3 of the lower bound (three
/// missed beats before a follower gives up), and a request to a peer must end before a candidate's timer fires.
/// The floor keeps Raft, which runs inside vigild and stops with its collections, from electing on a pause a busy
/// machine makes: measured under <c>VIGIL_STRESS=1</c> (docs/performance.md).
/// </summary>
/// <param name="Lower">Lower bound of the randomised election timeout.</param>
/// <param name="Upper">Upper bound.</param>
/// <param name="Request">Timeout of one request to a peer (a vote, a replication round).</param>
/// <param name="Connect">Timeout of opening a connection to a peer (TCP and TLS), within <paramref name="Request"/>.</param>
internal sealed record ConsensusTimings(TimeSpan Lower, TimeSpan Upper, TimeSpan Request, TimeSpan Connect)
{
    /// <summary>The leader's heartbeat period as a fraction of the lower bound.</summary>
    public const double HeartbeatThreshold = 0.3;

    /// <summary>The shortest lower bound derived from a profile (an explicit <c>election-timeout-ms</c> may go lower, down to <see cref="Least"/>).</summary>
    public static readonly TimeSpan Floor = TimeSpan.FromMilliseconds(500);

    /// <summary>The shortest lower bound accepted at all: below it a TLS handshake on a busy machine no longer fits in a vote.</summary>
    public static readonly TimeSpan Least = TimeSpan.FromMilliseconds(100);

    /// <summary>The default profile gives 500–700 ms, 300 ms requests, 200 ms connects (the values measured in session 4).</summary>
    public static ConsensusTimings For(HeartbeatProfile heartbeat)
    {
        ArgumentNullException.ThrowIfNull(heartbeat);
        return WithLower(heartbeat.Deadline > Floor ? heartbeat.Deadline : Floor);
    }

    /// <summary>Timings for an explicit lower bound: the spread and the request timeouts scale with it, capped at the default's.</summary>
    public static ConsensusTimings WithLower(TimeSpan lower) => new(
        lower,
        lower + (lower * 0.4),
        Min(TimeSpan.FromMilliseconds(300), lower * 0.6),
        Min(TimeSpan.FromMilliseconds(200), lower * 0.4));

    /// <summary>
    /// How long a follower that leaves the leadership to another node may go without hearing a leader before it stands
    /// again (2.7 s by default). It must outlast the election that follows a resignation — the others' timers, a pre-vote
    /// refused while the resigned node's own timer runs, a retry, the vote, each waiting for a dead member's timeout —
    /// or the node that resigned would stand again and win; it bounds how long a cluster whose better leader beats but
    /// cannot lead stays leaderless.
    /// </summary>
    public TimeSpan LeaderlessGrace => (Upper * 3) + (Request * 2);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
