using Vigil.Journal;

namespace Vigil.Engine.Audit;

/// <summary>
/// Merges journals of several nodes (read from their embedded stores, their control APIs or Marten, in any mix)
/// into one cluster history without the replicated duplicates.
/// </summary>
/// <remarks>
/// Every node applies the same committed inputs and journals them, with the decisions they caused, in its own chain:
/// its own event ids, correlation ids and clock. A committed input is stamped with the time its leader proposed it,
/// so its copies agree on type, payload and timestamp; that triple, numbered by occurrence within each node's chain
/// (a repeated proposal is a second entry), identifies one replicated input. Its unit (the input and the decisions
/// whose causation is that input) is kept once: the copy with the lowest hybrid logical clock stamp, which keeps the
/// log's order because every node journals the log in order. The other copies' correlation ids are folded into the
/// kept one's, so a chain recorded partly by one node and partly by another (a node died mid-failover) reads as one
/// chain. Local observations exist on one node only and are kept as they are. An event id seen twice (the same
/// journal read through two sources) is read once.
/// </remarks>
public static class HistoryMerger
{
    /// <param name="events">Events of one or more stores, in any order.</param>
    /// <param name="renumber">True to number the merged history 1…n (several stores); false keeps each event's store position (one store).</param>
    public static MergedHistory Merge(IEnumerable<RecordedEvent> events, bool renumber = true)
    {
        ArgumentNullException.ThrowIfNull(events);
        var units = new Dictionary<UnitKey, List<Unit>>();
        foreach (var chain in events.DistinctBy(e => e.Envelope.EventId).GroupBy(e => e.Envelope.Node, StringComparer.Ordinal))
        {
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var unit in Units(chain.OrderBy(e => e.Envelope.Sequence)))
            {
                var fingerprint = Fingerprint(unit.Events[0]);
                var occurrence = seen[fingerprint] = seen.GetValueOrDefault(fingerprint) + 1;
                var key = new UnitKey(fingerprint, occurrence);
                if (!units.TryGetValue(key, out var copies))
                {
                    units[key] = copies = [];
                }

                copies.Add(unit);
            }
        }

        var correlations = new CorrelationUnion();
        var copiesOf = new Dictionary<Guid, IReadOnlyList<string>>();
        var disagreements = new List<string>();
        var kept = new List<Unit>(units.Count);
        var dropped = 0;
        foreach (var copies in units.Values)
        {
            var keep = copies.MinBy(u => (u.Events[0].Envelope.Hlc, u.Events[0].Envelope.Node), UnitOrder.Instance)!;
            kept.Add(keep);
            var nodes = copies.Select(u => u.Events[0].Envelope.Node).Order(StringComparer.Ordinal).ToList();
            foreach (var e in keep.Events)
            {
                copiesOf[e.Envelope.EventId] = nodes;
            }

            foreach (var other in copies.Where(u => u != keep))
            {
                dropped += other.Events.Count;
                correlations.Join(other.Events[0].Envelope.CorrelationId, keep.Events[0].Envelope.CorrelationId);
                if (!other.Decisions.SequenceEqual(keep.Decisions, StringComparer.Ordinal))
                {
                    var input = keep.Events[0].Envelope;
                    disagreements.Add($"{input.EventType} at {EventNarrator.Time(input.Timestamp)}: {keep.Events[0].Envelope.Node} recorded "
                        + $"{keep.Decisions.Count} decisions, {other.Events[0].Envelope.Node} recorded {other.Decisions.Count} that differ");
                }
            }
        }

        var ordered = kept.OrderBy(u => (u.Events[0].Envelope.Hlc, u.Events[0].Envelope.Node), UnitOrder.Instance)
            .ThenBy(u => u.Events[0].Envelope.Sequence)
            .SelectMany(u => u.Events)
            .Select((e, i) => new RecordedEvent(renumber ? i + 1 : e.Position, e.StreamVersion,
                e.Envelope with { CorrelationId = correlations.Canonical(e.Envelope.CorrelationId) }))
            .ToList();
        return new MergedHistory(ordered, copiesOf, dropped, disagreements);
    }

    /// <summary>A node's chain cut into units: an input and the decisions it caused (a stray decision is a unit of its own).</summary>
    private static IEnumerable<Unit> Units(IEnumerable<RecordedEvent> chain)
    {
        Unit? current = null;
        foreach (var e in chain)
        {
            if (e.Envelope.Kind == EventKind.Decision && current is not null && e.Envelope.CausationId == current.Events[0].Envelope.EventId)
            {
                current.Events.Add(e);
                current.Decisions.Add(Fingerprint(e));
                continue;
            }

            if (current is not null)
            {
                yield return current;
            }

            current = new Unit([e], []);
        }

        if (current is not null)
        {
            yield return current;
        }
    }

    private static string Fingerprint(RecordedEvent e) =>
        $"{e.Envelope.Kind}|{e.Envelope.EventType}|{e.Envelope.Timestamp.UtcTicks}|{EngineEvents.Serializer.SerializeDataToString(e.Envelope.Data)}";

    private readonly record struct UnitKey(string Fingerprint, int Occurrence);

    private sealed record Unit(List<RecordedEvent> Events, List<string> Decisions);

    private sealed class UnitOrder : IComparer<(HlcTimestamp Hlc, string Node)>
    {
        public static readonly UnitOrder Instance = new();

        public int Compare((HlcTimestamp Hlc, string Node) x, (HlcTimestamp Hlc, string Node) y) =>
            x.Hlc.CompareTo(y.Hlc) is var c and not 0 ? c : string.CompareOrdinal(x.Node, y.Node);
    }
}
