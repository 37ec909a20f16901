using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Vigil.Consensus;

namespace Vigil.Daemon.Consensus;

/// <summary>
/// Keeps the Raft leadership off the nodes that run resources (<see cref="LeaderPlacement"/>), every tick on every
/// node: a follower for which a better leader is alive stays out of elections (standby: it still votes and receives
/// entries) and stands again at once when that is no longer so — the better leader is found DEAD, or no leader has
/// been heard for <see cref="Configuration.ConsensusTimings.LeaderlessGrace"/>, so an election can always happen; a leader for which a
/// better leader is alive and replicating resigns when nothing is in flight, then goes to standby. A resignation
/// after which this node is elected again (the better leader could not win) doubles the wait before the next one,
/// up to <see cref="MaxBackoff"/>; one after which another node leads resets it. Safety does not depend on who leads:
/// ownership changes are committed by a majority whoever proposes them, and the fencing and verdicts the leader does
/// are done by whichever node leads next.
/// </summary>
internal sealed partial class MembershipCoordinator
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(5);
    private TimeSpan _resignBackoff = FirstBackoff;
    private long _lastResignation = long.MinValue / 2;
    private bool _awaitingSuccessor;
    private string? _placementShown;
    private readonly Lock _placementLock = new(); // the backoff is also updated on DotNext's thread (NotePlacement)

    private async Task PlaceLeadershipAsync(CancellationToken stopping)
    {
        var consensus = engine.Consensus;
        if (!config.LeaderAvoidsResources || !consensus.IsVoter)
        {
            return;
        }

        var (held, busy) = await engine.ReadAsync(s => (LeaderPlacement.Held(s), LeaderPlacement.Busy(s)));
        // Only voters can be elected: a node still joining is not one yet.
        var voters = consensus.Voters;
        var nodes = engine.Members?.All ?? config.Nodes;
        var live = nodes
            .Where(v => v.Name != config.LocalNode && voters.Contains(v.Raft) && detector.IsReachable(v.Name))
            .Select(v => v.Name);
        var better = LeaderPlacement.BetterLeader(config.LocalNode, held, live, n => nodes.FirstOrDefault(v => v.Name == n)?.Api is not null);
        if (consensus.IsLeader)
        {
            var since = Stopwatch.GetElapsedTime(_lastResignation);
            TimeSpan backoff;
            lock (_placementLock)
            {
                backoff = _resignBackoff;
            }

            if (LeaderPlacement.Resign(better, better is not null && consensus.Reaches(better), busy, since, backoff)
                && await consensus.ResignAsync(stopping))
            {
                lock (_placementLock)
                {
                    _lastResignation = Stopwatch.GetTimestamp();
                    _awaitingSuccessor = true;
                }

                Log.Resigned(logger, held.GetValueOrDefault(config.LocalNode), better!, held.GetValueOrDefault(better!), (long)backoff.TotalMilliseconds);
                await consensus.EnterStandbyAsync(stopping);
            }

            return;
        }

        var standby = LeaderPlacement.Standby(better, consensus.SinceLeaderContact, config.ConsensusTimings.LeaderlessGrace);
        if (standby && !consensus.Standby)
        {
            await consensus.EnterStandbyAsync(stopping);
        }
        else if (!standby && consensus.Standby && await consensus.LeaveStandbyAsync(stopping))
        {
            Log.StandsAgain(logger, better is null ? "no live voter holds fewer active instances" : $"no leader heard for {(long)consensus.SinceLeaderContact.TotalMilliseconds} ms");
        }

        var shown = standby ? better : null;
        if (shown != _placementShown)
        {
            _placementShown = shown;
            if (shown is not null)
            {
                Log.LeavesLeadership(logger, held.GetValueOrDefault(config.LocalNode), shown, held.GetValueOrDefault(shown));
            }
        }
    }

    /// <summary>Who won the election after this node's resignation says whether the next one may come soon.</summary>
    private void NotePlacement(LeaderChangedEventArgs e)
    {
        TimeSpan backoff;
        lock (_placementLock)
        {
            if (!_awaitingSuccessor || e.LeaderName is null)
            {
                return;
            }

            _awaitingSuccessor = false;
            _resignBackoff = e.IsLocal ? (_resignBackoff * 2 < MaxBackoff ? _resignBackoff * 2 : MaxBackoff) : FirstBackoff;
            backoff = _resignBackoff;
        }

        if (e.IsLocal)
        {
            Log.ReElected(logger, (long)backoff.TotalMilliseconds);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1110, LogLevel.Information, "leadership: resigned (this node runs {Held} active instances; {Better} runs {TheirHeld}, is alive and replicating); next resignation not before {BackoffMs} ms")]
        public static partial void Resigned(ILogger logger, int held, string better, int theirHeld, long backoffMs);

        [LoggerMessage(1111, LogLevel.Information, "leadership: standby, leaving elections to {Better} (this node runs {Held} active instances, {Better} runs {TheirHeld})")]
        public static partial void LeavesLeadership(ILogger logger, int held, string better, int theirHeld);

        [LoggerMessage(1112, LogLevel.Information, "leadership: stands for election again ({Reason})")]
        public static partial void StandsAgain(ILogger logger, string reason);

        [LoggerMessage(1113, LogLevel.Warning, "leadership: elected again after resigning (the better leader did not win); next resignation not before {BackoffMs} ms")]
        public static partial void ReElected(ILogger logger, long backoffMs);
    }
}
