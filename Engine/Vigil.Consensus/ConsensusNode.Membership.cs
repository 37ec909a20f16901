using System.Collections.Concurrent;
using System.Net;
using DotNext.Net.Cluster.Consensus.Raft;

namespace Vigil.Consensus;

/// <summary>
/// Raft membership changes through DotNext's own API: the leader warms the new member up (it replicates the log to it
/// for <c>WarmupRounds</c> rounds), then commits a configuration entry with the old and new majorities. The active
/// configuration is persisted in the data directory (<c>members</c>) after every change, so a restarted node starts
/// with the membership it last knew rather than the one of its configuration file.
/// </summary>
public sealed partial class ConsensusNode
{
    private const string MembersFile = "members";
    private readonly ConcurrentDictionary<string, IPEndPoint> _names = new(StringComparer.Ordinal);
    private readonly HashSet<IPEndPoint> _voters = [];

    /// <summary>The endpoints of the voters in the active Raft configuration (empty before start, or while a joining node waits to be added).</summary>
    public IReadOnlyList<IPEndPoint> Voters
    {
        get
        {
            lock (_voters)
            {
                return Running is null ? [] : [.. _voters];
            }
        }
    }

    /// <summary>True once this node is a voter of the active configuration (always for a member; after its addition for a joining node).</summary>
    public bool IsVoter => Voters.Contains(_localEndPoint);

    /// <summary>Names a member that was not in <see cref="ConsensusOptions.Members"/> (a node added later), so <see cref="LeaderName"/> can say its name.</summary>
    public void LearnMember(string name, IPEndPoint endPoint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(endPoint);
        _names[name] = endPoint;
    }

    /// <summary>
    /// Adds the node listening on <paramref name="endPoint"/> as a voter (leader only). The node must run with
    /// <see cref="ConsensusOptions.Joining"/> and the same cluster certificate; it receives the whole log before the
    /// configuration change is committed.
    /// </summary>
    public Task<MemberChange> AddMemberAsync(string name, IPEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        LearnMember(name, endPoint);
        return ChangeAsync((cluster, token) => cluster.AddMemberAsync(endPoint, token), timeout, cancellationToken);
    }

    /// <summary>Removes the voter listening on <paramref name="endPoint"/> (leader only).</summary>
    public Task<MemberChange> RemoveMemberAsync(IPEndPoint endPoint, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        return ChangeAsync((cluster, token) => cluster.RemoveMemberAsync(endPoint, token), timeout, cancellationToken);
    }

    private async Task<MemberChange> ChangeAsync(Func<RaftCluster, CancellationToken, Task<bool>> change, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var cluster = Running ?? throw new InvalidOperationException($"Consensus node '{Name}' is not running.");
        if (!IsLeader)
        {
            return MemberChange.NotLeader;
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var done = await change(cluster, deadline.Token).ConfigureAwait(false);
            LogMembershipChanged(Name, done ? "done" : "refused", string.Join(", ", Voters));
            return done ? MemberChange.Done : MemberChange.Unreachable;
        }
        catch (NotLeaderException)
        {
            return MemberChange.NotLeader;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return IsLeader ? MemberChange.TimedOut : MemberChange.NotLeader;
        }
    }

    /// <summary>The voters to start with: the persisted active configuration, else the options' members (without this node when joining).</summary>
    private IEnumerable<IPEndPoint> InitialVoters(DirectoryInfo root)
    {
        var file = Path.Combine(root.FullName, MembersFile);
        var saved = File.Exists(file) ? File.ReadAllLines(file).Where(l => l.Length > 0).Select(IPEndPoint.Parse).ToList() : [];
        var voters = saved.Count > 0 ? saved
            : _options.Joining ? [.. _options.Members.Values.Where(e => !e.Equals(_localEndPoint))] : [.. _options.Members.Values];
        lock (_voters)
        {
            _voters.UnionWith(voters);
        }

        return voters;
    }

    /// <summary>Writes the active configuration (atomically: a torn file would lose the membership).</summary>
    private void SaveMembers()
    {
        List<string> voters;
        lock (_voters)
        {
            voters = [.. _voters.Select(e => e.ToString()).Order(StringComparer.Ordinal)];
        }

        if (voters.Count == 0 || !voters.Contains(_localEndPoint.ToString()) || !Directory.Exists(_options.DataDirectory))
        {
            return; // a joining node before its addition keeps nothing: restarted, it must wait to be added again
        }

        var file = Path.Combine(_options.DataDirectory, MembersFile);
        var temp = file + ".tmp";
        File.WriteAllLines(temp, voters);
        File.Move(temp, file, overwrite: true);
    }
}
