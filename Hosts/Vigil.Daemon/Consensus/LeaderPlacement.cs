namespace Vigil.Daemon.Consensus;

/// <summary>
/// Where the Raft leadership should be: on a live voter that holds the fewest active resource instances. The leader
/// is the one member whose crash costs an election before anything can be committed (fencing, the verdict, every
/// restore), so a node that runs resources should not also lead while a node that runs fewer is there to do it.
/// Pure: every node evaluates it on the committed state and its own failure detector.
/// </summary>
internal static class LeaderPlacement
{
    /// <summary>
    /// The live voter that should lead rather than <paramref name="local"/>: the one that ranks best, strictly better
    /// than <paramref name="local"/> (ties go to the lowest name, so every node picks the same one); null when
    /// <paramref name="local"/> ranks among the best, so it may lead. A node that serves the control API ranks before one
    /// that does not (commands are forwarded to the leader's API: a leader without one refuses them all), then the fewer
    /// active instances it holds, the better. The best-ranked live voters never have a better leader: whatever each node
    /// sees, at least one live node stands for election.
    /// </summary>
    /// <param name="local">This node.</param>
    /// <param name="held">Active instances per node (absent: none).</param>
    /// <param name="liveVoters">The other voters this node hears now (the detector's verdict), not including <paramref name="local"/>.</param>
    /// <param name="servesApi">Whether a node runs the control API; null: every node does.</param>
    public static string? BetterLeader(string local, IReadOnlyDictionary<string, int> held, IEnumerable<string> liveVoters, Func<string, bool>? servesApi = null)
    {
        ArgumentNullException.ThrowIfNull(held);
        ArgumentNullException.ThrowIfNull(liveVoters);
        (int Api, int Held) Rank(string node) => (servesApi is null || servesApi(node) ? 0 : 1, held.GetValueOrDefault(node));
        string? best = null;
        var bestRank = Rank(local);
        foreach (var voter in liveVoters.Where(v => v != local).Order(StringComparer.Ordinal))
        {
            var rank = Rank(voter);
            if (rank.CompareTo(bestRank) < 0)
            {
                best = voter;
                bestRank = rank;
            }
        }

        return best;
    }

    /// <summary>
    /// Whether a follower should stay out of elections: a better leader is alive and a leader has been heard within
    /// <paramref name="grace"/>. The second condition is what keeps the cluster live whatever the detector says (a
    /// peer that beats but cannot lead, views that differ between nodes): after that much silence every node stands again.
    /// </summary>
    public static bool Standby(string? betterLeader, TimeSpan sinceLeaderContact, TimeSpan grace) =>
        betterLeader is not null && sinceLeaderContact < grace;

    /// <summary>
    /// Whether the leader should step down now: a better leader is alive and answers this leader's replication, no
    /// takeover or action is in flight (a resignation leaves the cluster without a leader for about an election
    /// timeout), and the last resignation is at least <paramref name="backoff"/> old.
    /// </summary>
    public static bool Resign(string? betterLeader, bool betterLeaderReplicates, bool busy, TimeSpan sinceLastResignation, TimeSpan backoff) =>
        betterLeader is not null && betterLeaderReplicates && !busy && sinceLastResignation >= backoff;

    /// <summary>Active instances per node, from the committed state.</summary>
    public static Dictionary<string, int> Held(Engine.State.ClusterState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var held = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var resource in state.Resources.Values)
        {
            foreach (var (node, instance) in resource.Instances)
            {
                if (Engine.Model.InstanceStates.IsActive(instance.State))
                {
                    held[node] = held.GetValueOrDefault(node) + 1;
                }
            }
        }

        return held;
    }

    /// <summary>A takeover, a switchover or a kit action is in flight: a leaderless second would slow it down.</summary>
    public static bool Busy(Engine.State.ClusterState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Operations.Count > 0 || state.PendingActions.Count > 0
            || state.Resources.Values.Any(r => r.Instances.Values.Any(i => Engine.Model.InstanceStates.IsTransient(i.State)));
    }
}
