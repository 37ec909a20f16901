using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Journal;

namespace Vigil.Engine.Audit;

/// <summary>
/// Answers "why is TAG where it is?" from a journal: the last state change of the resource names a correlation
/// (one per chain: a command or a verdict and all it caused); the chain is every event of that correlation, in
/// order, preceded by the comm path observations about the node a membership verdict named.
/// </summary>
public static class WhyExplainer
{
    public static Explanation? Explain(IReadOnlyList<RecordedEvent> ordered, string tag, DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(ordered);
        var history = at is null ? ordered : [.. ordered.Where(e => e.Envelope.Timestamp <= at)];
        var transitions = history.Where(e => e.Envelope.Data is InstanceEvents.InstanceTransitioned t && t.Tag == tag).ToList();
        if (transitions.Count == 0)
        {
            return null;
        }

        // Where the resource runs is what people ask about: explain how it got into service there, if it is in
        // service anywhere; otherwise explain its latest change.
        var last = transitions.LastOrDefault(e => e.Envelope.Data is InstanceEvents.InstanceTransitioned { To: InstanceState.Isp or InstanceState.Isu } t
                && transitions.Last(x => ((InstanceEvents.InstanceTransitioned)x.Envelope.Data).Node == t.Node) == e)
            ?? transitions[^1];

        var correlation = last.Envelope.CorrelationId;
        var chain = history.Where(e => e.Envelope.CorrelationId == correlation).ToList();
        if (chain.FirstOrDefault()?.Envelope.Data is MembershipInputs.DeclareNodeDead dead)
        {
            var since = history.LastOrDefault(e => e.Position < chain[0].Position && e.Envelope.Data is MembershipInputs.ReportPathState { Alive: true } p && p.Peer == dead.Node);
            var observations = history.Where(e => e.Position < chain[0].Position && (since is null || e.Position > since.Position)
                && e.Envelope.Data is MembershipInputs.ReportPathState { Alive: false } p && p.Peer == dead.Node);
            chain = [.. observations, .. chain];
        }

        var actions = chain.Select(e => e.Envelope.Data).OfType<InstanceEvents.ActionRequested>().ToDictionary(a => a.ActionId);
        var failed = chain.Select(e => e.Envelope.Data).OfType<KitInputs.ReportActionResult>()
            .Where(r => r.Outcome != ActionOutcome.Succeeded)
            .Select(r => actions.TryGetValue(r.ActionId, out var a)
                ? $"{a.Action.Lower()} of {a.Tag} on {a.Node}: {r.Outcome.ToString().ToLowerInvariant()}: {r.ExitReason}"
                : $"action #{r.ActionId}: {r.ExitReason}")
            .ToList();

        var transition = (InstanceEvents.InstanceTransitioned)last.Envelope.Data;
        var trigger = chain.FirstOrDefault(e => e.Envelope.Kind == EventKind.Input && e.Envelope.Data is not MembershipInputs.ReportPathState);
        var steps = WhySteps.Of(chain);
        var summary = $"{tag} is {transition.To.Label()} on {transition.Node} since {EventNarrator.Time(last.Envelope.Timestamp)}"
            + (steps.Length > 0 ? $": {steps}" : trigger is null ? string.Empty : $", because of: {EventNarrator.Describe(trigger.Envelope.Data)}");
        return new Explanation(tag, summary, chain, failed);
    }
}
