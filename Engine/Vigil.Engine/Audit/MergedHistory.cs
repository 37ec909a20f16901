using Vigil.Journal;

namespace Vigil.Engine.Audit;

/// <summary>Several nodes' journals as one cluster history: each replicated input and its decisions once.</summary>
/// <param name="Events">The merged history in replay order (hybrid logical clock of each kept input); positions renumbered 1…n in that order when several stores were merged.</param>
/// <param name="Copies">For each kept event id, the nodes whose journals recorded it (one for a local observation).</param>
/// <param name="Dropped">How many replicated copies were left out.</param>
/// <param name="Disagreements">Replicated inputs whose copies carry different decisions (nodes that decided differently: a bug worth reporting).</param>
public sealed record MergedHistory(
    IReadOnlyList<RecordedEvent> Events,
    IReadOnlyDictionary<Guid, IReadOnlyList<string>> Copies,
    int Dropped,
    IReadOnlyList<string> Disagreements)
{
    /// <summary>The nodes that recorded <paramref name="e"/> (its own node when unknown).</summary>
    public IReadOnlyList<string> CopiesOf(RecordedEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return Copies.TryGetValue(e.Envelope.EventId, out var nodes) ? nodes : [e.Envelope.Node];
    }
}
