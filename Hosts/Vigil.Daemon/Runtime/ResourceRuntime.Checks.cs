using Vigil.Engine.Commands;
using Vigil.Engine.Model;
using Vigil.Engine.State;

namespace Vigil.Daemon.Runtime;

internal sealed partial class ResourceRuntime
{
    /// <summary>Starts the quickChecks and deepChecks that are due on this node's in-service instances.</summary>
    private async Task ScheduleChecksAsync(CancellationToken stopping)
    {
        var targets = await engine.ReadAsync(s => InServiceHere(s).ToList());
        var now = time.GetUtcNow();
        foreach (var tag in _schedules.Keys)
        {
            if (targets.All(t => t.Tag != tag))
            {
                _schedules.TryRemove(tag, out _);
            }
        }

        foreach (var target in targets)
        {
            // A freshly restored (or adopted) instance is checked at once.
            var schedule = _schedules.GetOrAdd(target.Tag, _ => new CheckSchedule(now));
            var action = now >= schedule.NextDeep ? KitAction.DeepCheck : now >= schedule.NextQuick ? KitAction.QuickCheck : (KitAction?)null;
            if (action is { } check && Interlocked.CompareExchange(ref schedule.Running, 1, 0) == 0)
            {
                _ = Task.Run(() => CheckAsync(target, check, schedule, stopping), CancellationToken.None);
            }
        }
    }

    private IEnumerable<CheckTarget> InServiceHere(ClusterState s)
    {
        foreach (var r in s.Resources.Values)
        {
            // Unmanaged (maintenance) is left alone: not checked, so nothing is reported about it either.
            if (r.Instances.TryGetValue(config.LocalNode, out var i) && i.State.IsInService() && i.PendingActionId is null && !s.IsUnmanaged(r.Tag, config.LocalNode))
            {
                yield return new CheckTarget(r.Tag, r.Type, i.State, r.Parameters);
            }
        }
    }

    private async Task CheckAsync(CheckTarget target, KitAction check, CheckSchedule schedule, CancellationToken stopping)
    {
        try
        {
            var result = await kits.RunAsync(
                Request(target.Tag, target.Type, check, target.Parameters), stopping);
            var verdict = KitTypeMapper.Verdict(result);
            var now = time.GetUtcNow();
            schedule.NextQuick = now + config.Checks.QuickCheckFor(target.Type);
            if (check == KitAction.DeepCheck)
            {
                schedule.NextDeep = now + config.Checks.DeepCheckFor(target.Type);
            }

            // Only a verdict that differs from the state is news, and only if nothing moved the instance meanwhile.
            var state = await engine.ReadAsync(s => s.FindInstance(target.Tag, config.LocalNode) is { PendingActionId: null } i ? i.State : (InstanceState?)null);
            var news = (verdict, state) switch
            {
                (CheckVerdict.Failed, InstanceState.Isp or InstanceState.Isu) => true,
                (CheckVerdict.Degraded, InstanceState.Isp) => true,
                (CheckVerdict.Healthy, InstanceState.Isu) => true,
                _ => false,
            };
            if (!news)
            {
                return;
            }

            Log.CheckVerdict(logger, check.ToString(), target.Tag, verdict.ToString(), result.ExitReason);
            await ReportAsync(
                new KitInputs.ReportCheckResult(target.Tag, config.LocalNode, check, verdict, result.ExitReason),
                () => engine.ReadAsync(s => s.FindInstance(target.Tag, config.LocalNode)?.State == state),
                stopping);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Log.ActionCrashed(logger, 0, target.Tag, ex);
        }
        finally
        {
            Volatile.Write(ref schedule.Running, 0);
        }
    }
}
