using Microsoft.Extensions.Logging;
using Vigil.Daemon.Quorum;
using Vigil.Engine.Commands;
using Vigil.Engine.Model;
using Vigil.Engine.State;

namespace Vigil.Daemon.Runtime;

/// <summary>
/// The lease side of the runtime: while the lease is lapsed the node does nothing but its quorum-loss action
/// (<see cref="QuorumLossAction"/>), run locally since nothing can be committed; once a majority is heard again it
/// proves it (a harmless entry committed through the leader), catches up with the log, and releases what the
/// cluster no longer gives it — the majority declared it dead and took its hierarchies over meanwhile.
/// </summary>
internal sealed partial class ResourceRuntime
{
    private long _lapsesHandled;
    private bool _behind;
    private List<LocalWork> _held = [];

    private readonly QuorumWatch? _quorum;

    /// <summary>The node's lease (null: no lease, e.g. a runtime built alone); a lapse wakes the runtime at once.</summary>
    public QuorumWatch? Quorum
    {
        get => _quorum;
        init
        {
            _quorum = value;
            if (value is not null)
            {
                value.Changed += _ => Nudge();
            }
        }
    }

    /// <summary>True when the runtime may act: the lease is held and the node has caught up since it last lapsed.</summary>
    private async Task<bool> HoldsLeaseAsync(CancellationToken stopping)
    {
        if (Quorum is null)
        {
            return true;
        }

        var lapses = Quorum.Lease.Lapses;
        if (lapses != _lapsesHandled)
        {
            _lapsesHandled = lapses;
            _behind = true;
            await OnLeaseLapsedAsync(stopping);
        }

        if (!Quorum.Lease.IsHeld)
        {
            return false;
        }

        return !_behind || await CatchUpAsync(stopping);
    }

    private async Task OnLeaseLapsedAsync(CancellationToken stopping)
    {
        var started = time.GetTimestamp();
        // What this node last knew it held: the active instances and the OSF ones (see QuorumLossPlan).
        var action = Quorum!.Settings.LossAction;
        var plan = await engine.ReadAsync(s => QuorumLossPlan.For(s, config.LocalNode, action));
        var held = plan.Held;
        ResetReleases();
        var name = action.ToString().ToLowerInvariant();
        Log.QuorumLossAction(logger, name, held.Count, string.Join(", ", held.Select(w => w.Tag)));
        var outcome = new List<string>();
        var succeeded = true;
        if (action == QuorumLossAction.Fastkill)
        {
            var (killed, refused) = CgroupReaper.KillOthers(kits.ProcessId is { } host ? new HashSet<int> { host } : []);
            if (refused is not null)
            {
                Log.FastkillRefused(logger, refused);
                outcome.Add("fastkill refused: " + refused);
                succeeded = false;
            }
            else
            {
                Log.FastkillDone(logger, killed);
                outcome.Add($"killed {killed} processes");
            }
        }

        var left = await RemoveAllAsync([.. plan.Remove], stopping);
        foreach (var w in plan.Remove)
        {
            _localRemoves[w.Tag] = !left.Contains(w);
        }

        // Still here: what is frozen, and what could not be removed; released (or kept) once the node catches up.
        _held = [.. held.Where(w => !plan.Remove.Contains(w) || left.Contains(w))];
        var failed = left.Count == 0 ? string.Empty : $" (remove failed: {string.Join(", ", left.Select(w => w.Tag))})";
        if (action == QuorumLossAction.Freeze)
        {
            outcome.Add($"left {plan.Frozen.Count} running, frozen: no checks or recovery until quorum returns");
            if (plan.Remove.Count > 0)
            {
                outcome.Add($"removed {plan.Remove.Count - left.Count} of {plan.Remove.Count} OSF" + failed);
            }
        }
        else
        {
            outcome.Add($"removed {plan.Remove.Count - left.Count} of {plan.Remove.Count}" + failed);
        }

        succeeded &= left.Count == 0;

        var elapsed = time.GetElapsedTime(started);
        if (elapsed > Quorum.Settings.ActionBudget)
        {
            Log.QuorumLossLate(logger, (long)elapsed.TotalMilliseconds, (long)Quorum.Settings.ActionBudget.TotalMilliseconds);
            outcome.Add($"took longer than the lease allows ({(long)Quorum.Settings.ActionBudget.TotalMilliseconds} ms)");
            succeeded = false;
        }

        // Recorded in this node's own journal only: nothing can be committed without quorum (`vigil history` shows it).
        await engine.RecordLocalAsync(new MembershipInputs.ReportQuorumLossAction(
            config.LocalNode, name, [.. held.Select(w => w.Tag)], succeeded, (long)elapsed.TotalMilliseconds, string.Join("; ", outcome)));
    }

    /// <summary>After a lapse: commits a no-op through the leader, then waits to have applied it, then releases.</summary>
    private async Task<bool> CatchUpAsync(CancellationToken stopping)
    {
        var before = engine.AppliedIndex;
        var barrier = await engine.SubmitAsync(new MembershipInputs.ReportNodeRejoined(config.LocalNode), SubmitDeadline, stopping);
        if (!barrier.IsCommitted)
        {
            return false;
        }

        // Committed on the leader: this node applies it (and everything before it) once the leader's next message arrives.
        var deadline = time.GetTimestamp();
        while (!(engine.IsCaughtUp && engine.AppliedIndex > before))
        {
            if (time.GetElapsedTime(deadline) > SubmitDeadline)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(10), time, stopping);
        }

        // Whatever the cluster no longer has active here (declared dead: OSF) must not run here.
        var stillMine = await engine.ReadAsync(s => ActiveHere(s).Select(w => w.Tag).ToHashSet(StringComparer.Ordinal));
        var release = _held.Where(w => !stillMine.Contains(w.Tag)).ToList();
        var left = await RemoveAllAsync(release, stopping);
        Log.CaughtUp(logger, release.Count - left.Count, release.Count);
        // Those the state marks pending release are reported next, from these results (ResourceRuntime.Release.cs).
        foreach (var w in release)
        {
            _localRemoves[w.Tag] = !left.Contains(w);
        }

        _held = [];
        _behind = false;
        return true;
    }

    /// <summary>Runs remove on each instance in order, locally; returns those whose remove did not succeed.</summary>
    private async Task<List<LocalWork>> RemoveAllAsync(List<LocalWork> instances, CancellationToken stopping)
    {
        var failed = new List<LocalWork>();
        foreach (var w in instances)
        {
            var result = await kits.RunAsync(
                Request(w.Tag, w.Type, KitAction.Remove, w.Parameters), stopping);
            var outcome = KitTypeMapper.ToEngine(result.Outcome);
            Log.LocalRemove(logger, w.Tag, outcome.ToString(), result.ExitReason);
            if (outcome != ActionOutcome.Succeeded)
            {
                failed.Add(w);
                _removeFailures[w.Tag] = $"{outcome.ToString().ToLowerInvariant()}: {result.ExitReason}";
            }
        }

        return failed;
    }

    /// <summary>This node's active instances (running, or being started, stopped or recovered), parents first.</summary>
    private IEnumerable<LocalWork> ActiveHere(ClusterState s) =>
        s.Resources.Values
            .Where(r => r.Instances.TryGetValue(config.LocalNode, out var i) && i.State.IsActive())
            .OrderBy(r => s.Ancestors(r.Tag).Length)
            .ThenBy(r => r.Tag, StringComparer.Ordinal)
            .Select(r => new LocalWork(0, r.Tag, r.Type, KitAction.Remove, r.Parameters));
}
