using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;

namespace Vigil.Engine.Simulation;

public sealed partial class SimulatedCluster
{
    private void ScheduleKitAction(InstanceEvents.ActionRequested a)
    {
        var node = _nodes[a.Node];
        var incarnation = node.Incarnation;
        var took = Options.MaxActionTime * (0.1 + (0.9 * _random.NextDouble()));
        Time.Schedule(took, async () =>
        {
            if (!node.Up || node.Incarnation != incarnation)
            {
                return; // the node died with the action in flight: no result ever comes
            }

            var rule = _faultRules.FirstOrDefault(r => r.Matches(a.Tag, a.Node, a.Action));
            if (rule is not null)
            {
                rule.Used++;
                await SubmitAsync(new KitInputs.ReportActionResult(a.ActionId, ActionOutcome.Failed, rule.Reason));
                return;
            }

            switch (a.Action)
            {
                case KitAction.Restore:
                    node.Running.Add(a.Tag);
                    _started = true;
                    break;
                case KitAction.Remove:
                    node.Running.Remove(a.Tag);
                    break;
                case KitAction.Recover:
                    node.Running.Add(a.Tag);
                    _started = true;
                    break;
                default:
                    break;
            }

            await SubmitAsync(new KitInputs.ReportActionResult(a.ActionId, ActionOutcome.Succeeded, string.Empty));
        });
    }

    private void StartChecks()
    {
        // A random of their own: a run without check faults replays exactly the schedule it had before checks existed.
        var random = new Random(Options.Seed ^ 0x5EED);
        foreach (var n in _nodes.Values)
        {
            var offset = TimeSpan.FromTicks((long)(random.NextDouble() * Options.CheckInterval.Ticks));
            Time.Schedule(offset, () => CheckAsync(n));
        }
    }

    /// <summary>
    /// One round of periodic checks on a node, as its kit host runs them: only what the engine has in service there and
    /// manages, reported only when the verdict differs from the recorded state (so a healthy cluster journals nothing).
    /// </summary>
    private async ValueTask CheckAsync(SimulatedNode node)
    {
        Time.Schedule(Options.CheckInterval, () => CheckAsync(node));
        if (!node.Up || !_engine.Engine.State.Nodes.TryGetValue(node.Name, out var known) || !known.Alive || known.Maintenance)
        {
            return;
        }

        var state = _engine.Engine.State;
        var due = new List<KitInputs.ReportCheckResult>();
        foreach (var r in state.Resources.Values)
        {
            if (!r.Instances.TryGetValue(node.Name, out var i) || !i.State.IsInService() || state.IsUnmanaged(r.Tag, node.Name))
            {
                continue;
            }

            if (Take(r.Tag, node.Name, KitAction.QuickCheck) is { } kill)
            {
                if (!kill.KeepsRunning)
                {
                    node.Running.Remove(r.Tag);
                }

                due.Add(new(r.Tag, node.Name, KitAction.QuickCheck, CheckVerdict.Failed, kill.Reason));
            }
            else if (!node.Running.Contains(r.Tag))
            {
                due.Add(new(r.Tag, node.Name, KitAction.QuickCheck, CheckVerdict.Failed, "not running"));
            }
            else if (_faultRules.FirstOrDefault(f => f.Matches(r.Tag, node.Name, KitAction.DeepCheck)) is { } degraded)
            {
                if (i.State == InstanceState.Isp)
                {
                    degraded.Used++;
                    due.Add(new(r.Tag, node.Name, KitAction.DeepCheck, CheckVerdict.Degraded, degraded.Reason));
                }
            }
            else if (i.State == InstanceState.Isu)
            {
                due.Add(new(r.Tag, node.Name, KitAction.DeepCheck, CheckVerdict.Healthy, string.Empty));
            }
        }

        foreach (var report in due)
        {
            await SubmitAsync(report);
        }
    }

    private FaultRule? Take(string tag, string node, KitAction action)
    {
        var rule = _faultRules.FirstOrDefault(f => f.Matches(tag, node, action));
        if (rule is not null)
        {
            rule.Used++;
        }

        return rule;
    }
}
