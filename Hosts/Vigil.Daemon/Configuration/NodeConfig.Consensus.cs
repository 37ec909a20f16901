namespace Vigil.Daemon.Configuration;

/// <summary>
/// Raft settings: <c>[cluster] election-timeout-ms</c> (the lower election timeout; by default derived from the
/// heartbeat profile, <see cref="ConsensusTimings.For"/>) and <c>leader-placement</c> (<c>fewest-resources</c>, the
/// default: the leadership stays off nodes that run resources while a node that runs fewer is alive; <c>any</c>:
/// Raft alone decides). See docs/operations.md, "Consensus: timings and leader placement".
/// </summary>
internal sealed partial record NodeConfig
{
    private static readonly string[] ConsensusClusterKeys = ["election-timeout-ms", "leader-placement"];

    /// <summary>Unset only for configs built in code: derived from <see cref="Heartbeat"/>.</summary>
    private ConsensusTimings? _consensusTimings;

    public ConsensusTimings ConsensusTimings
    {
        get => _consensusTimings ?? ConsensusTimings.For(Heartbeat);
        init => _consensusTimings = value;
    }

    /// <summary>Whether nodes that run resources leave the leadership to a live node that runs fewer (the default).</summary>
    public bool LeaderAvoidsResources { get; init; } = true;

    private static ConsensusTimings ReadConsensusTimings(SectionReader reader, ConfigSection cluster, Vigil.Membership.HeartbeatProfile heartbeat) =>
        reader.Optional(cluster, "election-timeout-ms") is null
            ? ConsensusTimings.For(heartbeat)
            : ConsensusTimings.WithLower(TimeSpan.FromMilliseconds(reader.Integer(cluster, "election-timeout-ms", (long)ConsensusTimings.Least.TotalMilliseconds, 60_000)));

    private static bool ReadLeaderPlacement(SectionReader reader, ConfigSection cluster) => reader.Optional(cluster, "leader-placement")?.Text switch
    {
        null or "fewest-resources" => true,
        "any" => false,
        var other => throw reader.Error(cluster, "leader-placement", $"'{other}' is not a leader placement (fewest-resources or any)"),
    };
}
