using Vigil.Engine;
using Vigil.Engine.Commands;
using Vigil.Engine.Replay;
using Vigil.Engine.Runtime;
using Vigil.Journal;

namespace Vigil.Engine.Simulation;

/// <summary>
/// For audit specs: turns one recorded history into the journals each node of a replicated cluster would hold: every node applies
/// the committed inputs in order with its own engine and journal writer (own event ids, correlation ids, clock), as
/// vigild's replicated engine does; a node may stop early (its journal is a prefix: it died, or has not caught up);
/// a local observation is only in its observer's journal.
/// </summary>
public static class ReplicatedJournals
{
    /// <param name="history">The recorded history (any store; ordered for replay here).</param>
    /// <param name="nodes">Each node's own store.</param>
    /// <param name="inputsJournaled">How many of the history's replicated inputs each node journals (null: all).</param>
    /// <exception cref="InvalidOperationException">A node refused an input the history records as accepted (the history is not one engine's).</exception>
    public static async Task WriteAsync(IEnumerable<RecordedEvent> history, IReadOnlyDictionary<string, IJournalStore> nodes,
        IReadOnlyDictionary<string, int>? inputsJournaled = null)
    {
        var inputs = ReplayVerifier.Order(history).Where(e => e.Envelope.Kind == EventKind.Input).ToList();
        foreach (var (node, store) in nodes)
        {
            using var engine = await JournaledEngine.OpenAsync(store, node, EngineEvents.Serializer, TimeProvider.System);
            var limit = inputsJournaled?.GetValueOrDefault(node, int.MaxValue) ?? int.MaxValue;
            var replicated = 0;
            foreach (var e in inputs)
            {
                var input = (IEngineInput)e.Envelope.Data;
                if (input is MembershipInputs.ReportPathState p)
                {
                    if (p.Observer == node)
                    {
                        await engine.SubmitAsync(input, at: e.Envelope.Timestamp);
                    }

                    continue;
                }

                if (replicated++ >= limit)
                {
                    break;
                }

                var result = await engine.SubmitAsync(input, at: e.Envelope.Timestamp);
                if (result.Decision.Refused)
                {
                    throw new InvalidOperationException($"{node} refused a replicated input: {result.Decision.Error}");
                }
            }
        }
    }
}
