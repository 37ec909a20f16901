using System.Net;
using System.Threading.Channels;
using DotNext.Net.Cluster;
using DotNext.Net.Cluster.Consensus.Raft;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Engine.Commands;

namespace Vigil.Consensus;

/// <summary>
/// One member of the Raft group that orders engine inputs (DotNext.Net.Cluster over TCP, static membership,
/// persistent write-ahead log). The leader proposes; a majority commits; every node reads <see cref="Committed"/>
/// and applies the entries, in order, to its own engine. See README.md for the guarantees and their limits.
/// </summary>
/// <remarks>
/// Lifetime: construct, <see cref="StartAsync"/>, then <see cref="DisposeAsync"/> (which stops). A node cannot be
/// restarted in place; build a new one on the same <see cref="ConsensusOptions.DataDirectory"/>.
/// </remarks>
public sealed partial class ConsensusNode : IAsyncDisposable
{
    private readonly ConsensusOptions _options;
    private readonly IPEndPoint _localEndPoint;
    private readonly Channel<CommittedEntry> _committed;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private LocalRaftCluster? _cluster;
    private WriteAheadLog? _log;
    private CommittedLog? _stateMachine;
    private int _lifecycle; // 0 new, 1 starting/running, 2 disposed

    /// <param name="options">Static membership, local name, data directory and timing.</param>
    /// <param name="loggerFactory">Logs of this wrapper and of DotNext's Raft; none when omitted.</param>
    /// <exception cref="ArgumentException">The options are inconsistent.</exception>
    public ConsensusNode(ConsensusOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _localEndPoint = options.Validate();
        _options = options;
        _loggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        _logger = _loggerFactory.CreateLogger<ConsensusNode>();
        // One consumer (the node's engine loop); the single writer is DotNext's apply loop.
        _committed = Channel.CreateUnbounded<CommittedEntry>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        foreach (var (name, endPoint) in options.Members)
        {
            _names[name] = endPoint;
        }
    }

    /// <summary>This node's member name.</summary>
    public string Name => _options.LocalName;

    /// <summary>
    /// Committed entries in log order, each index at most once per <see cref="ConsensusNode"/> instance. A new
    /// instance on an existing data directory starts again from the first committed entry: feed them into a fresh engine.
    /// Completed when the node is disposed.
    /// </summary>
    public ChannelReader<CommittedEntry> Committed => _committed.Reader;

    /// <summary>True while this node believes it is the leader (it may be deposed without knowing it yet; only commits are authoritative).</summary>
    public bool IsLeader => Running?.Leader is { IsRemote: false };

    /// <summary>The member name of the leader this node currently follows, or <see langword="null"/> when it knows none.</summary>
    public string? LeaderName => NameOf(Running?.Leader?.EndPoint);

    /// <summary>The current Raft term (0 before start).</summary>
    public long Term => Running?.Term ?? 0L;

    /// <summary>The highest log index this member knows to be committed (a follower learns it from the leader).</summary>
    public long CommitIndex => _log?.LastCommittedEntryIndex ?? 0L;

    /// <summary>
    /// Whether a consumer of <see cref="Committed"/> whose last applied entry is <paramref name="consumed"/> has applied
    /// everything this member knows to be committed. Not <c>consumed &gt;= CommitIndex</c>: DotNext's own entries (the
    /// empty one every new leader commits, membership changes) raise <see cref="CommitIndex"/> but are never delivered,
    /// so after an election that nothing else follows the consumer would wait for an entry that may never come.
    /// </summary>
    public bool HasApplied(long consumed)
    {
        if (_stateMachine is not { } stateMachine || _log is not { } log)
        {
            return false;
        }

        // Commit index, then what the log has applied (DotNext raises it after the state machine has seen the entries,
        // the skipped ones included: it does not even hand it every empty one), then what was delivered: the reverse of
        // the order in which they are written, so an entry delivered meanwhile is never missed.
        var committed = CommitIndex;
        return log.LastAppliedIndex >= committed && consumed >= stateMachine.LastDelivered;
    }

    // Null before start and after dispose: a disposed DotNext cluster must not be asked anything.
    private LocalRaftCluster? Running => Volatile.Read(ref _lifecycle) == 1 ? _cluster : null;

    /// <summary>Raised on DotNext's thread when the known leader changes. Keep handlers short and non-blocking.</summary>
    public event EventHandler<LeaderChangedEventArgs>? LeaderChanged;

    /// <summary>Opens the log, replays already-committed entries into <see cref="Committed"/> and joins the cluster.</summary>
    /// <exception cref="InvalidOperationException">The node was already started or disposed.</exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _lifecycle, 1, 0) != 0)
        {
            throw new InvalidOperationException($"Consensus node '{Name}' was already started; build a new instance to restart.");
        }

        var root = Directory.CreateDirectory(_options.DataDirectory);
        _stateMachine = new CommittedLog(root.CreateSubdirectory("snapshots"), _committed.Writer);
        // DotNext reads the restored snapshot in the WAL constructor: restore first.
        await _stateMachine.RestoreAsync(cancellationToken).ConfigureAwait(false);
        _log = new WriteAheadLog(
            new WriteAheadLog.Options
            {
                // DotNext 6.12 always flushes on commit (the option is obsolete and fixed to true).
                Location = root.CreateSubdirectory("wal").FullName,
            },
            _stateMachine);

        var configuration = new RaftCluster.TcpConfiguration(_localEndPoint)
        {
            LowerElectionTimeout = (int)_options.LowerElectionTimeout.TotalMilliseconds,
            UpperElectionTimeout = (int)_options.UpperElectionTimeout.TotalMilliseconds,
            RequestTimeout = _options.RequestTimeout,
            ConnectTimeout = _options.ConnectTimeout ?? _options.RequestTimeout,
            HeartbeatThreshold = _options.HeartbeatThreshold,
            // Every member is listed up front, nobody bootstraps alone; a joining node starts without itself and waits
            // (DotNext's standby) until a leader adds it.
            ColdStart = false,
            ConfigurationStorage = StaticMembership.Create(InitialVoters(root)),
            LoggerFactory = _loggerFactory,
            SslOptions = _options.Tls is { } tls ? ClusterTls.Create(tls) : null,
        };

        _cluster = new LocalRaftCluster(configuration) { AuditTrail = _log };
        _cluster.LeaderChanged += OnLeaderChanged;
        _cluster.ReplicationCompleted += OnReplicationCompleted;
        _cluster.MemberAdded += OnMemberAdded;
        _cluster.MemberRemoved += OnMemberRemoved;
        await _cluster.StartAsync(cancellationToken).ConfigureAwait(false);
        LogStarted(Name, _localEndPoint, _options.Members.Count);
    }

    /// <summary>Stops serving, closes the log and completes <see cref="Committed"/>. Idempotent.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _lifecycle, 2) == 2)
        {
            return;
        }

        if (_cluster is { } cluster)
        {
            cluster.LeaderChanged -= OnLeaderChanged;
            cluster.ReplicationCompleted -= OnReplicationCompleted;
            cluster.MemberAdded -= OnMemberAdded;
            cluster.MemberRemoved -= OnMemberRemoved;
            try
            {
                await cluster.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
            {
                // Never fully started: nothing to stop.
            }

            await cluster.DisposeAsync().ConfigureAwait(false);
        }

        if (_log is { } log)
        {
            await log.DisposeAsync().ConfigureAwait(false);
        }

        if (_stateMachine is { } stateMachine)
        {
            await stateMachine.DisposeAsync().ConfigureAwait(false);
        }

        _committed.Writer.TryComplete();
        LogStopped(Name);
    }

    private string? NameOf(EndPoint? endPoint)
    {
        if (endPoint is null)
        {
            return null;
        }

        foreach (var (name, member) in _names)
        {
            if (member.Equals(endPoint))
            {
                return name;
            }
        }

        return endPoint.ToString();
    }

    private void OnMemberAdded(RaftCluster<RaftClusterMember> cluster, RaftClusterMemberEventArgs<RaftClusterMember> change) => Track(change.Member, added: true);

    private void OnMemberRemoved(RaftCluster<RaftClusterMember> cluster, RaftClusterMemberEventArgs<RaftClusterMember> change) => Track(change.Member, added: false);

    // DotNext raises these while it installs a configuration, before its Members shows it: keep the set ourselves.
    private void Track(RaftClusterMember member, bool added)
    {
        if (member.EndPoint is not IPEndPoint endPoint)
        {
            return;
        }

        lock (_voters)
        {
            _ = added ? _voters.Add(endPoint) : _voters.Remove(endPoint);
        }

        try
        {
            SaveMembers();
        }
        catch (IOException ex)
        {
            LogMembersNotSaved(Name, ex);
        }
    }

    private void OnLeaderChanged(ICluster cluster, IClusterMember? leader)
    {
        var name = NameOf(leader?.EndPoint);
        var isLocal = leader is { IsRemote: false };
        if (leader is not null)
        {
            Touch();
        }

        var term = Term;
        LogLeaderChanged(Name, name ?? "(none)", term);
        LeaderChanged?.Invoke(this, new LeaderChangedEventArgs(name, isLocal, term));
    }
}
