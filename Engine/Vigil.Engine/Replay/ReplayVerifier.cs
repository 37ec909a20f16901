using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.Runtime;
using Vigil.Journal;

namespace Vigil.Engine.Replay;

/// <summary>
/// Feeds only the recorded inputs into a fresh engine and compares what it decides with the recorded decisions
/// (rebuilding state from the decisions themselves would prove nothing). Histories of several nodes are merged
/// in hybrid-logical-clock order.
/// </summary>
public sealed class ReplayVerifier(EventSerializer serializer)
{
    /// <summary>Orders a store's events for replay: by HLC, then node, then sequence (a single writer's order is its sequence).</summary>
    public static List<RecordedEvent> Order(IEnumerable<RecordedEvent> events) =>
        [.. events.OrderBy(e => e.Envelope.Hlc).ThenBy(e => e.Envelope.Node, StringComparer.Ordinal).ThenBy(e => e.Envelope.Sequence)];

    /// <summary>
    /// Re-decides every recorded input and compares. With a window, the state at <paramref name="from"/> is projected
    /// from the recorded decisions before it (as a node loads its journal), and only inputs up to <paramref name="to"/>
    /// are re-decided.
    /// </summary>
    public ReplayReport Verify(IReadOnlyList<RecordedEvent> ordered, DateTimeOffset? from = null, DateTimeOffset? to = null)
    {
        ArgumentNullException.ThrowIfNull(ordered);
        using var engine = new ClusterEngine();
        long inputs = 0, decisions = 0;
        var i = 0;
        for (; from is { } start && i < ordered.Count && ordered[i].Envelope.Timestamp < start; i++)
        {
            if (ordered[i].Envelope.Data is not ILocalObservation)
            {
                engine.State.AdvanceClock(ordered[i].Envelope.Timestamp);
            }

            if (ordered[i].Envelope.Data is IDecisionEvent projected)
            {
                engine.Apply(projected);
            }
        }

        while (i < ordered.Count)
        {
            var recorded = ordered[i];
            var e = recorded.Envelope;
            if (to is { } end && e.Timestamp > end)
            {
                break;
            }

            if (e.Kind == EventKind.Decision)
            {
                return Report(new ReplayDivergence(recorded.Position, e.Node, e.Sequence,
                    "a recorded decision that no input caused", Show(e.Data), null));
            }

            if (e.Data is not IEngineInput input)
            {
                return Report(new ReplayDivergence(recorded.Position, e.Node, e.Sequence,
                    $"input of type {e.EventType} is not an engine input", Show(e.Data), null));
            }

            inputs++;
            var decision = engine.Decide(input, e.Timestamp);
            if (decision.Refused)
            {
                return Report(new ReplayDivergence(recorded.Position, e.Node, e.Sequence,
                    $"the engine refuses this recorded input: {decision.Error}", Show(e.Data), null));
            }

            i++;
            var k = 0;
            for (; i < ordered.Count && ordered[i].Envelope.Kind == EventKind.Decision && ordered[i].Envelope.CausationId == e.EventId; i++, k++)
            {
                var r = ordered[i];
                decisions++;
                if (k >= decision.Events.Length)
                {
                    return Report(new ReplayDivergence(r.Position, r.Envelope.Node, r.Envelope.Sequence,
                        $"the journal records a decision the engine did not make (after {k} matching)", Show(r.Envelope.Data), null));
                }

                if (!Same(r.Envelope.Data, decision.Events[k]))
                {
                    return Report(new ReplayDivergence(r.Position, r.Envelope.Node, r.Envelope.Sequence,
                        "the engine decided differently", Show(r.Envelope.Data), Show(decision.Events[k])));
                }
            }

            if (k < decision.Events.Length)
            {
                return Report(new ReplayDivergence(recorded.Position, e.Node, e.Sequence,
                    $"the engine made {decision.Events.Length} decisions for this input, the journal records {k}", null, Show(decision.Events[k])));
            }
        }

        return Report(null);

        ReplayReport Report(ReplayDivergence? d) => new(inputs, decisions, d, engine.State);
    }

    private bool Same(IVigilEvent recorded, IDecisionEvent replayed) =>
        recorded.GetType() == replayed.GetType()
        && (recorded.Equals(replayed)
            // Records holding collections compare by reference: fall back to their canonical JSON.
            || string.Equals(serializer.SerializeDataToString(recorded), serializer.SerializeDataToString(replayed), StringComparison.Ordinal));

    private string Show(IVigilEvent e) => $"{serializer.Registry.NameOf(e.GetType())} {serializer.SerializeDataToString(e)}";
}
