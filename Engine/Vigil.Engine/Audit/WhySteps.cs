using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Journal;

namespace Vigil.Engine.Audit;

/// <summary>
/// The turning points of a chain in a few words, e.g. "path DEAD ×2 (node2/udp, node3/udp) → node1 declared dead: … →
/// failover to node2 by priority (then node3) → restore of web-fs, web-ip on node2 → restore of web-app on node2 →
/// in service on node2". Actions requested one after another for the same node and action read as one step.
/// </summary>
internal static class WhySteps
{
    public static string Of(IReadOnlyList<RecordedEvent> chain)
    {
        var actions = new Dictionary<long, InstanceEvents.ActionRequested>();
        var kinds = new Dictionary<long, OperationKind>();
        var steps = new List<string>();
        var deadPaths = chain.Select(e => e.Envelope.Data).OfType<MembershipInputs.ReportPathState>().Where(p => !p.Alive).ToList();
        if (deadPaths.Count > 0)
        {
            steps.Add($"path DEAD ×{deadPaths.Count} ({string.Join(", ", deadPaths.Select(p => $"{p.Observer}/{p.Path}"))})");
        }

        // Actions requested by one input (same causation) for one node and action form one step: the children restored together.
        (KitAction Action, string Node, Guid? Cause, List<string> Tags)? group = null;
        foreach (var e in chain)
        {
            if (e.Envelope.Data is InstanceEvents.ActionRequested a)
            {
                actions[a.ActionId] = a;
                if (group is { } g && g.Action == a.Action && g.Node == a.Node && g.Cause == e.Envelope.CausationId && steps[^1] == Group(g))
                {
                    g.Tags.Add(a.Tag);
                    steps[^1] = Group(g);
                }
                else
                {
                    group = (a.Action, a.Node, e.Envelope.CausationId, [a.Tag]);
                    steps.Add(Group(group.Value));
                }

                continue;
            }

            var step = e.Envelope.Data switch
            {
                MembershipInputs.DeclareNodeDead d => $"{d.Node} declared dead: {d.Reason}",
                KitInputs.ReportCheckResult { Verdict: not CheckVerdict.Healthy } c => $"{c.Check.Lower()} of {c.Tag} {c.Verdict.ToString().ToLowerInvariant()} on {c.Node}",
                KitInputs.ReportActionResult r when r.Outcome != ActionOutcome.Succeeded && actions.TryGetValue(r.ActionId, out var failed) =>
                    $"{failed.Action.Lower()} of {failed.Tag} on {failed.Node} {r.Outcome.ToString().ToLowerInvariant()}"
                    + (string.IsNullOrEmpty(r.ExitReason) ? string.Empty : $": {r.ExitReason}"),
                InstanceEvents.InstanceTransitioned { Trigger: InstanceTrigger.CheckFailed } t => $"{t.Tag} failed too often on {t.Node}",
                OperationEvents.OperationStarted s => Started(s, kinds),
                OperationEvents.OperationCascaded c => $"cascade to {c.Target ?? "nowhere"}",
                OperationEvents.OperationCompleted c => $"in service on {c.Node}",
                OperationEvents.OperationFailed f => $"{(kinds.TryGetValue(f.OperationId, out var k) ? k.Lower() : "operation")} failed",
                _ => null,
            };
            if (step is null)
            {
                continue;
            }

            // A failed action reads in place of its request ("recover of X on N failed: …", not the request then its failure).
            if (e.Envelope.Data is KitInputs.ReportActionResult { Outcome: not ActionOutcome.Succeeded } result && actions.TryGetValue(result.ActionId, out var request)
                && steps.Count > 0 && steps[^1] == $"{request.Action.Lower()} of {request.Tag} on {request.Node}")
            {
                steps[^1] = step;
            }
            else
            {
                steps.Add(step);
            }
        }

        return string.Join(" → ", steps);
    }

    private static string Group((KitAction Action, string Node, Guid? Cause, List<string> Tags) g) => $"{g.Action.Lower()} of {string.Join(", ", g.Tags)} on {g.Node}";

    private static string Started(OperationEvents.OperationStarted s, Dictionary<long, OperationKind> kinds)
    {
        kinds[s.OperationId] = s.Kind;
        if (s.Target is null)
        {
            return $"{s.Kind.Lower()}: no node can take it";
        }

        // Targets and fallbacks are in priority order (the engine picks the best candidate first).
        var priority = s.Kind == OperationKind.Failover ? " by priority" : string.Empty;
        return $"{s.Kind.Lower()} to {s.Target}{priority}" + (s.Fallbacks.IsDefaultOrEmpty ? string.Empty : $" (then {string.Join(", ", s.Fallbacks)})");
    }
}
