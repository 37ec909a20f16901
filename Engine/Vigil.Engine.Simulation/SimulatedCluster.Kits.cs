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
                    break;
                case KitAction.Remove:
                    node.Running.Remove(a.Tag);
                    break;
                default:
                    break;
            }

            await SubmitAsync(new KitInputs.ReportActionResult(a.ActionId, ActionOutcome.Succeeded, string.Empty));
        });
    }
}
