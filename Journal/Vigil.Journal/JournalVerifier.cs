namespace Vigil.Journal;

/// <summary>Checks every node's chain: gapless sequence from 1, each link pointing at the previous hash, each hash recomputing.</summary>
public static class JournalVerifier
{
    public static async ValueTask<ChainReport> VerifyAsync(IJournalStore store, EventSerializer serializer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        var perNode = new Dictionary<string, List<RecordedEvent>>(StringComparer.Ordinal);
        await foreach (var e in store.ReadAllAsync(1, cancellationToken))
        {
            if (!perNode.TryGetValue(e.Envelope.Node, out var list))
            {
                perNode[e.Envelope.Node] = list = [];
            }

            list.Add(e);
        }

        return Verify(perNode, serializer);
    }

    public static ChainReport Verify(IReadOnlyDictionary<string, List<RecordedEvent>> perNode, EventSerializer serializer)
    {
        ArgumentNullException.ThrowIfNull(perNode);
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        ChainBreak? first = null;
        foreach (var (node, events) in perNode.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            events.Sort((a, b) => a.Envelope.Sequence.CompareTo(b.Envelope.Sequence));
            counts[node] = events.Count;
            var expectedPrev = string.Empty;
            for (var i = 0; i < events.Count && first is null; i++)
            {
                var e = events[i].Envelope;
                string? problem = null;
                if (e.Sequence != i + 1)
                {
                    problem = $"sequence {e.Sequence} where {i + 1} was expected (a gap or a duplicate)";
                }
                else if (!string.Equals(e.PreviousHash, expectedPrev, StringComparison.Ordinal))
                {
                    problem = "its previous-hash link does not match the hash of the event before it";
                }
                else if (!string.Equals(HashChain.Compute(serializer, e), e.Hash, StringComparison.Ordinal))
                {
                    problem = "its content does not match its hash (the event was altered)";
                }

                if (problem is not null)
                {
                    first = new ChainBreak(node, e.Sequence, events[i].Position, problem);
                }

                expectedPrev = e.Hash;
            }
        }

        return new ChainReport(counts, first);
    }
}
