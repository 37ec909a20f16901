using Microsoft.Extensions.Logging;
using Vigil.Daemon.Configuration;
using Vigil.Engine.Commands;
using Vigil.Membership;

namespace Vigil.Daemon.Consensus;

/// <summary>
/// What the leader does for membership, every heartbeat interval: adds configured nodes the replicated state lacks,
/// proposes a node dead once every comm path to it is DEAD, and proposes it rejoined once a path is ALIVE again.
/// Proposals only take effect when a majority commits them, so only a quorate side can declare anyone dead.
/// Every node also watches its own quorum and says when it has lost it.
/// </summary>
internal sealed partial class MembershipCoordinator(NodeConfig config, ReplicatedEngine engine, FailureDetector detector, ILogger logger)
{
    private readonly Dictionary<string, long> _lastProposal = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _nudge = new(0, 1);
    private bool? _quorate;

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
        while (!stopping.IsCancellationRequested)
        {
            // Every interval, or at once when the detector reports a peer transition.
            await _nudge.WaitAsync(config.Heartbeat.Interval, stopping);
            try
            {
                CheckOwnQuorum();
                if (engine.Consensus.IsLeader)
                {
                    await ReconcileAsync(stopping);
                }
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
        var reachable = config.Peers.Count(p => detector.IsReachable(p.Name)) + 1;
        var quorate = reachable * 2 > config.Nodes.Count;
        if (quorate != _quorate)
        {
            if (_quorate is not null || !quorate)
            {
                Log.Quorum(logger, quorate ? "regained" : "LOST", reachable, config.Nodes.Count);
            }

            _quorate = quorate;
        }
    }

    private async Task ReconcileAsync(CancellationToken stopping)
    {
        var known = await engine.ReadAsync(s => s.Nodes.ToDictionary(n => n.Key, n => n.Value.Alive, StringComparer.Ordinal));
        foreach (var node in config.Nodes)
        {
            IEngineInput? proposal = null;
            if (!known.TryGetValue(node.Name, out var alive))
            {
                proposal = new ConfigurationCommands.AddNode(node.Name);
            }
            else if (node.Name != config.LocalNode && alive && !detector.IsReachable(node.Name))
            {
                proposal = new MembershipInputs.DeclareNodeDead(node.Name,
                    $"all {config.Paths.Count} comm paths dead as seen by {config.LocalNode}, leader of a quorate majority");
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
