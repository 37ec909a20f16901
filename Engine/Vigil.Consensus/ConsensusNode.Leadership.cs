using System.Diagnostics;
using DotNext.Net.Cluster;
using DotNext.Net.Cluster.Consensus.Raft;

namespace Vigil.Consensus;

/// <summary>
/// Where the leadership may go, for a caller that prefers some members as leaders (vigild keeps it off the nodes that
/// run resources): the leader can step down (<see cref="ResignAsync"/>), and a follower can stop standing for election
/// while still voting and receiving entries (<see cref="EnterStandbyAsync"/>, DotNext's standby mode). A cluster in
/// which every live member is in standby never elects: the caller must return to normal (<see cref="LeaveStandbyAsync"/>)
/// as soon as it is not sure that another member can lead; <see cref="SinceLeaderContact"/> is its evidence.
/// </summary>
public sealed partial class ConsensusNode
{
    private long _leaderContact = Stopwatch.GetTimestamp();

    /// <summary>True while this member will not stand for election (it still votes and receives entries).</summary>
    public bool Standby => Running?.Standby ?? false;

    /// <summary>
    /// Time since this member last heard a leader: a heartbeat or entries from a remote leader, or its own leadership.
    /// Long silence means no leader works for this member, whatever its failure detector says about the others.
    /// </summary>
    public TimeSpan SinceLeaderContact => IsLeader ? TimeSpan.Zero : Stopwatch.GetElapsedTime(Interlocked.Read(ref _leaderContact));

    /// <summary>
    /// Steps down if this member leads: it becomes a follower and the others elect a leader once their election
    /// timers run out (a voter refuses while its own timer runs). Only the local leadership is revoked, never a remote one.
    /// </summary>
    /// <returns>True if this member led and stepped down.</returns>
    public async Task<bool> ResignAsync(CancellationToken cancellationToken = default)
    {
        if (Running is not { } cluster || !IsLeader)
        {
            return false;
        }

        var resigned = await cluster.ResignLocalAsync(cancellationToken).ConfigureAwait(false);
        if (resigned)
        {
            Touch(); // the silence that follows is the election this resignation asked for, counted from now
            LogResigned(Name, Term);
        }

        return resigned;
    }

    /// <summary>Stops standing for election (a follower only: a leader must resign first). Votes and replication go on.</summary>
    /// <returns>True if this member was a voting follower and is now in standby.</returns>
    public async Task<bool> EnterStandbyAsync(CancellationToken cancellationToken = default)
    {
        if (Running is not { } cluster || !IsVoter || cluster.Standby)
        {
            return false;
        }

        var done = await cluster.EnableStandbyModeAsync(cancellationToken).ConfigureAwait(false);
        if (done)
        {
            LogStandby(Name, "enters standby: it will vote but not stand for election");
        }

        return done;
    }

    /// <summary>Stands for election again, with a fresh election timer.</summary>
    /// <returns>True if this member was in standby and is a follower again.</returns>
    public async Task<bool> LeaveStandbyAsync(CancellationToken cancellationToken = default)
    {
        if (Running is not { } cluster || !cluster.Standby || !IsVoter)
        {
            return false;
        }

        var done = await cluster.RevertToNormalModeAsync(cancellationToken).ConfigureAwait(false);
        if (done)
        {
            LogStandby(Name, "leaves standby: it stands for election again");
        }

        return done;
    }

    /// <summary>Whether this leader's latest replication to <paramref name="member"/> succeeded (false on a follower, or for an unknown member).</summary>
    public bool Reaches(string member) =>
        IsLeader && _names.TryGetValue(member, out var endPoint)
        && Running?.Members.FirstOrDefault(m => m.EndPoint.Equals(endPoint)) is { Status: ClusterMemberStatus.Available };

    private void Touch() => Interlocked.Exchange(ref _leaderContact, Stopwatch.GetTimestamp());

    // Raised on a follower for every heartbeat of its leader that finds it in sync (DotNext's ReplicationCompleted).
    private void OnReplicationCompleted(RaftCluster<RaftClusterMember> cluster, RaftClusterMember member) => Touch();

    /// <summary>DotNext's TCP cluster with its protected, local-only resignation made callable (the public one asks a remote leader to resign when this member does not lead).</summary>
    private sealed class LocalRaftCluster(RaftCluster.NodeConfiguration configuration) : RaftCluster(configuration)
    {
        public ValueTask<bool> ResignLocalAsync(CancellationToken cancellationToken) => ResignAsync(cancellationToken);
    }
}
