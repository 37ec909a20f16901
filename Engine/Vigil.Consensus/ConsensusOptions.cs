using System.Net;

namespace Vigil.Consensus;

/// <summary>
/// Static configuration of one consensus node: every voting member (name → endpoint), which one is local, where its
/// Raft log lives, and the timing. Every node of a cluster must be given the same <see cref="Members"/>.
/// </summary>
public sealed class ConsensusOptions
{
    /// <summary>Every voting member of the cluster by node name, including the local one. A majority of them must agree to commit.</summary>
    public required IReadOnlyDictionary<string, IPEndPoint> Members { get; init; }

    /// <summary>The local node's name: a key of <see cref="Members"/>; the node listens on that member's endpoint.</summary>
    public required string LocalName { get; init; }

    /// <summary>The directory of this node's Raft write-ahead log (term, vote and entries). One directory per node, kept across restarts.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>
    /// Lower bound of the randomised election timeout. 150 ms suits a LAN or loopback: a dead leader is replaced in
    /// roughly 150–300 ms plus one round trip. Raise both bounds on slow or congested links.
    /// </summary>
    public TimeSpan LowerElectionTimeout { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Upper bound of the randomised election timeout; must exceed <see cref="LowerElectionTimeout"/> (the spread avoids split votes).</summary>
    public TimeSpan UpperElectionTimeout { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// How long <see cref="ConsensusNode.ProposeAsync(ReadOnlyMemory{byte}, CancellationToken)"/> waits for a majority
    /// before answering <see cref="ProposeOutcome.TimedOut"/>. Default 2 s: several election timeouts, so a leader change
    /// in flight does not fail a proposal that would have committed.
    /// </summary>
    public TimeSpan ProposeTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Timeout of one Raft request to a peer (connect and answer).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Timeout of opening a connection to a peer (TCP connect and TLS handshake), within <see cref="RequestTimeout"/>;
    /// <see langword="null"/> means the request timeout. A peer whose cable is pulled answers no SYN: every request
    /// that must reconnect to it (a vote, the new leader's first round) waits this long, so a crashed leader costs
    /// it twice before its successor commits.
    /// </summary>
    public TimeSpan? ConnectTimeout { get; init; }

    /// <summary>
    /// The leader's heartbeat period as a fraction of <see cref="LowerElectionTimeout"/> (DotNext's default 0.5). A
    /// smaller fraction means more heartbeats missed before a follower gives up on a live leader (fewer false
    /// elections) and a fresher last heartbeat when the leader does die (an earlier election).
    /// </summary>
    public double HeartbeatThreshold { get; init; } = 0.5;

    /// <summary>
    /// True for a node joining a running cluster: <see cref="Members"/> holds at least this node (for its endpoint)
    /// and the node starts as a non-voter that neither votes nor stands for election until a leader adds it
    /// (<see cref="ConsensusNode.AddMemberAsync"/>). Ignored once the node has a persisted membership.
    /// </summary>
    public bool Joining { get; init; }

    /// <summary>Mutual TLS between members; <see langword="null"/> means plain TCP (acceptable only on an isolated heartbeat network).</summary>
    public ConsensusTlsOptions? Tls { get; init; }

    /// <summary>Checks the options and returns the local member's endpoint.</summary>
    /// <exception cref="ArgumentException">The options are inconsistent.</exception>
    internal IPEndPoint Validate()
    {
        ArgumentNullException.ThrowIfNull(Members);
        if (Members.Count == 0)
        {
            throw new ArgumentException("A consensus cluster needs at least one member.", nameof(Members));
        }

        if (!Members.TryGetValue(LocalName, out var local))
        {
            throw new ArgumentException($"The local node '{LocalName}' is not one of the members ({string.Join(", ", Members.Keys)}).", nameof(LocalName));
        }

        if (Members.Values.Distinct().Count() != Members.Count)
        {
            throw new ArgumentException("Two members share an endpoint.", nameof(Members));
        }

        if (string.IsNullOrWhiteSpace(DataDirectory))
        {
            throw new ArgumentException("The data directory is required.", nameof(DataDirectory));
        }

        if (LowerElectionTimeout <= TimeSpan.Zero || UpperElectionTimeout <= LowerElectionTimeout)
        {
            throw new ArgumentException(
                $"Election timeouts must satisfy 0 < lower < upper (got {LowerElectionTimeout.TotalMilliseconds} / {UpperElectionTimeout.TotalMilliseconds} ms).",
                nameof(UpperElectionTimeout));
        }

        if (ProposeTimeout <= TimeSpan.Zero || RequestTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentException("Propose and request timeouts must be positive.", nameof(ProposeTimeout));
        }

        if (ConnectTimeout is { } connect && (connect <= TimeSpan.Zero || connect > RequestTimeout))
        {
            throw new ArgumentException(
                $"The connect timeout must satisfy 0 < connect <= request timeout (got {connect.TotalMilliseconds} / {RequestTimeout.TotalMilliseconds} ms).",
                nameof(ConnectTimeout));
        }

        if (HeartbeatThreshold is <= 0 or >= 1)
        {
            throw new ArgumentException($"The heartbeat threshold must be between 0 and 1 (got {HeartbeatThreshold}).", nameof(HeartbeatThreshold));
        }

        return local;
    }
}
