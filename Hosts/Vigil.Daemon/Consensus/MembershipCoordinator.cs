using Microsoft.Extensions.Logging;
using System.Diagnostics;
using Vigil.Daemon.Configuration;
using Vigil.Daemon.Quorum;
using Vigil.Engine.Commands;
using Vigil.Membership;

namespace Vigil.Daemon.Consensus;

/// <summary>
/// What the leader does for membership, every heartbeat interval: adds configured nodes the replicated state lacks,
/// proposes a node dead once every comm path to it is DEAD, and proposes it rejoined once a path is ALIVE again.
/// Proposals only take effect when a majority commits them, so only a quorate side can declare anyone dead.
/// Every node also watches its own quorum and says when it has lost it, and keeps its lease (<see cref="Watch"/>).
/// A node is proposed dead only once it has been silent for lease + margin (<see cref="QuorumSettings.TakeoverAfter"/>),
/// measured on this node's own clock from the detector's verdict: by then its own lease has run out and its
/// quorum-loss action is done, so the takeover never overlaps it — unless the leader fenced it first
/// (<c>MembershipCoordinator.Fencing.cs</c>): a powered-off node holds nothing, and it is proposed dead at once.
/// </summary>
internal sealed partial class MembershipCoordinator(NodeConfig config, ReplicatedEngine engine, IPathView detector, ILogger logger)
{
    private readonly Dictionary<string, long> _lastProposal = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _nudge = new(0, 1);
    private readonly Dictionary<string, long> _unreachableSince = new(StringComparer.Ordinal);
    private bool? _quorate;
    private static readonly TimeSpan JoinGrace = TimeSpan.FromSeconds(30);
    private readonly HashSet<string> _reachedOnce = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _firstSeen = new(StringComparer.Ordinal);

    /// <summary>
    /// A node that joined after this node started is judged once it has been heard, or after a grace: until then its
    /// paths are DEAD because it is still starting them, not because it died (it holds nothing yet).
    /// </summary>
    private bool Judged(string node) =>
        config.Nodes.Any(n => n.Name == node) || _reachedOnce.Contains(node)
        || (_firstSeen.TryGetValue(node, out var since) && Stopwatch.GetElapsedTime(since) >= JoinGrace);

    /// <summary>The node's lease on its resources, kept on a dedicated thread.</summary>
    public QuorumWatch Watch { get; } = new(config.Quorum, () => IsQuorate(config, engine, detector), logger);

    /// <summary>The silence after the detector's verdict that the takeover still waits for (lease + margin − deadline).</summary>
    private TimeSpan ExtraWait => config.Quorum.TakeoverAfter > config.Heartbeat.Deadline ? config.Quorum.TakeoverAfter - config.Heartbeat.Deadline : TimeSpan.Zero;

    /// <summary>Whether this node hears a majority on its comm paths now (always, with <c>quorum = none</c>).</summary>
    public bool HearsQuorum() => IsQuorate(config, engine, detector);

    // The nodes known now: the file's plus those that joined (quorum sizes follow the membership).
    private IReadOnlyList<PeerConfig> Nodes => engine.Members?.All ?? config.Nodes;

    private IEnumerable<PeerConfig> Peers => Nodes.Where(n => n.Name != config.LocalNode);

    private static bool IsQuorate(NodeConfig config, ReplicatedEngine engine, IPathView detector)
    {
        var nodes = engine.Members?.All ?? config.Nodes;
        return config.Quorum.Mode == QuorumMode.None || (nodes.Count(p => p.Name != config.LocalNode && detector.IsReachable(p.Name)) + 1) * 2 > nodes.Count;
    }

    /// <summary>The detector saw a peer become (un)reachable: reconcile now rather than on the next tick.</summary>
    public void Nudge()
    {
        if (_nudge.CurrentCount == 0)
        {
            try
            {
                _nudge.Release();
            }
            catch (SemaphoreFullException)
            {
                // Already nudged: one pending wake-up is enough.
            }
        }
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        using var leadership = WatchLeadership();
        if (!config.Local.Witness)
        {
            Watch.Start(stopping); // a witness holds nothing: no lease to keep
        }

        while (!stopping.IsCancellationRequested)
        {
            // Every interval, or at once when the detector reports a peer transition, or when a wait for a lease ends.
            await _nudge.WaitAsync(NextWait(), stopping);
            try
            {
                TrackSilences();
                CheckOwnQuorum();
                if (engine.Consensus.IsLeader)
                {
                    await ReconcileAsync(stopping);
                }

                await PlaceLeadershipAsync(stopping);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
            {
                // A lost leadership or a failed proposal must not end the loop: the next tick tries again.
                Log.ReconcileFailed(logger, ex);
            }
        }
    }

    private void CheckOwnQuorum()
    {
        var reachable = Peers.Count(p => detector.IsReachable(p.Name)) + 1;
        var quorate = IsQuorate(config, engine, detector);
        if (quorate != _quorate)
        {
            if (_quorate is not null || !quorate)
            {
                Log.Quorum(logger, quorate ? "regained" : "LOST", reachable, Nodes.Count);
            }

            _quorate = quorate;
        }
    }

    private async Task ReconcileAsync(CancellationToken stopping)
    {
        var known = await engine.ReadAsync(s => s.Nodes.ToDictionary(n => n.Key, n => n.Value.Alive, StringComparer.Ordinal));
        var fenceable = await FenceableAsync();
        foreach (var node in Nodes)
        {
            IEngineInput? proposal = null;
            if (!known.TryGetValue(node.Name, out var alive))
            {
                proposal = new ConfigurationCommands.AddNode(node.Name);
            }
            else if (node.Name != config.LocalNode && alive && !detector.IsReachable(node.Name) && Judged(node.Name) && DeadVerdict(node.Name, fenceable.Contains(node.Name), stopping) is { } verdict)
            {
                proposal = new MembershipInputs.DeclareNodeDead(node.Name, verdict);
            }
            else if (!alive && (node.Name == config.LocalNode || detector.IsReachable(node.Name)))
            {
                proposal = new MembershipInputs.ReportNodeRejoined(node.Name);
            }

            if (proposal is null)
            {
                continue;
            }

            // The same proposal is not repeated within a second (it may still be committing); a different one goes at once.
            var key = $"{proposal.GetType().Name}:{node.Name}";
            if (Environment.TickCount64 - _lastProposal.GetValueOrDefault(key, long.MinValue / 2) < 1000)
            {
                continue;
            }

            _lastProposal[key] = Environment.TickCount64;
            var result = await engine.ProposeAsync(proposal, stopping);
            Log.Proposed(logger, proposal.GetType().Name, node.Name, result.Outcome.ToString());
        }

        await SeedConfigurationAsync(known, stopping);
    }

    /// <summary>Notes, on this node's monotonic clock, when each peer became unreachable (every node, leader or not).</summary>
    private void TrackSilences()
    {
        foreach (var peer in Peers)
        {
            _firstSeen.TryAdd(peer.Name, Stopwatch.GetTimestamp());
            if (detector.IsReachable(peer.Name))
            {
                _reachedOnce.Add(peer.Name);
                _unreachableSince.Remove(peer.Name);
                ForgetFencing(peer.Name);
            }
            else
            {
                _unreachableSince.TryAdd(peer.Name, Stopwatch.GetTimestamp());
            }
        }
    }

    /// <summary>True once the peer's lease has run out on its own clock: silent for the deadline and then the extra wait.</summary>
    private bool LeaseOver(string peer) =>
        _unreachableSince.TryGetValue(peer, out var since) && Stopwatch.GetElapsedTime(since) >= ExtraWait;

    /// <summary>The next interval, or sooner if a peer's lease runs out before it.</summary>
    private TimeSpan NextWait()
    {
        var wait = config.Heartbeat.Interval;
        foreach (var since in _unreachableSince.Values)
        {
            var left = ExtraWait - Stopwatch.GetElapsedTime(since);
            if (left > TimeSpan.Zero && left < wait)
            {
                wait = left;
            }
        }

        return wait;
    }

    private static partial class Log
    {
        [LoggerMessage(1100, LogLevel.Warning, "quorum {State}: {Reachable} of {Total} nodes reachable")]
        public static partial void Quorum(ILogger logger, string state, int reachable, int total);

        [LoggerMessage(1102, LogLevel.Warning, "membership reconciliation failed; retrying on the next tick")]
        public static partial void ReconcileFailed(ILogger logger, Exception exception);

        [LoggerMessage(1101, LogLevel.Information, "leader proposed {Input} for {Node}: {Outcome}")]
        public static partial void Proposed(ILogger logger, string input, string node, string outcome);
    }
}
