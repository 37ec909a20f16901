using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.State;
using Vigil.Journal;

namespace Vigil.Engine.Audit;

/// <summary>
/// The cluster as it was at a moment: the recorded decisions up to that moment projected into a fresh state, as a
/// node does when it opens its journal (decisions are the record of state; nothing is re-decided).
/// </summary>
public static class HistoryProjection
{
    public static ClusterState At(IEnumerable<RecordedEvent> ordered, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(ordered);
        var state = new ClusterState();
        foreach (var e in ordered.Where(e => e.Envelope.Timestamp <= at))
        {
            // A local observation carries its observer's clock, not the cluster's (see ClusterEngine.Decide).
            if (e.Envelope.Data is not ILocalObservation)
            {
                state.AdvanceClock(e.Envelope.Timestamp);
            }

            if (e.Envelope.Data is IDecisionEvent d)
            {
                state.Apply(d);
            }
        }

        state.AdvanceClock(at);
        return state;
    }
}
