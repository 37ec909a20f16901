using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Journal;

namespace Vigil.Engine.Audit;

/// <summary>The turning points of a chain in a few words: "quickCheck of web-app failed on node1 → recover … failed → failover to node2".</summary>
internal static class WhySteps
{
    public static string Of(IReadOnlyList<RecordedEvent> chain)
    {
        var actions = new Dictionary<long, InstanceEvents.ActionRequested>();
        var kinds = new Dictionary<long, OperationKind>();
        var steps = new List<string>();
        foreach (var e in chain)
        {
            switch (e.Envelope.Data)
            {
                case MembershipInputs.DeclareNodeDead d:
                    steps.Add($"{d.Node} declared dead");
                    break;
                case KitInputs.ReportCheckResult { Verdict: not CheckVerdict.Healthy } c:
                    steps.Add($"{c.Check.Lower()} of {c.Tag} {c.Verdict.ToString().ToLowerInvariant()} on {c.Node}");
                    break;
                case InstanceEvents.ActionRequested a:
                    actions[a.ActionId] = a;
                    break;
                case KitInputs.ReportActionResult r when r.Outcome != ActionOutcome.Succeeded && actions.TryGetValue(r.ActionId, out var a):
                    steps.Add($"{a.Action.Lower()} of {a.Tag} on {a.Node} {r.Outcome.ToString().ToLowerInvariant()}");
                    break;
                case InstanceEvents.InstanceTransitioned { Trigger: InstanceTrigger.CheckFailed } t:
                    steps.Add($"{t.Tag} failed too often on {t.Node}");
                    break;
                case OperationEvents.OperationStarted s:
                    kinds[s.OperationId] = s.Kind;
                    steps.Add(s.Target is null ? $"{s.Kind.Lower()}: no node can take it" : $"{s.Kind.Lower()} to {s.Target}");
                    break;
                case OperationEvents.OperationCascaded c:
                    steps.Add($"cascade to {c.Target ?? "nowhere"}");
                    break;
                case OperationEvents.OperationCompleted c:
                    steps.Add($"in service on {c.Node}");
                    break;
                case OperationEvents.OperationFailed f:
                    steps.Add($"{(kinds.TryGetValue(f.OperationId, out var k) ? k.Lower() : "operation")} failed");
                    break;
                default:
                    break;
            }
        }

        return string.Join(" → ", steps);
    }
}
