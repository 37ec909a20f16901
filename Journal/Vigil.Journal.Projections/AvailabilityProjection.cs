using JasperFx.Events;
using Marten.Events.Projections;
using Vigil.Engine.Events;
using Vigil.Engine.Model;

namespace Vigil.Journal.Projections;

/// <summary>
/// Per-resource availability across every node's stream: instance transitions grouped by tag. Nodes' chains reach
/// Marten in any interleaving (each node forwards on its own), so a change is inserted at its place in time, and a
/// change already held (another node's copy of the same decision) is dropped; the figures are then folded again.
/// </summary>
public sealed class AvailabilityProjection : MultiStreamProjection<ProjectedAvailability, string>
{
    public AvailabilityProjection() => Identity<InstanceEvents.InstanceTransitioned>(e => e.Tag);

    public override ProjectedAvailability? Evolve(ProjectedAvailability? snapshot, string id, IEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Data is not InstanceEvents.InstanceTransitioned t)
        {
            return snapshot;
        }

        var doc = snapshot ?? new ProjectedAvailability { Id = id };
        var change = new InstanceChange(RecordedTime.Of(e), t.Node, t.To == InstanceState.Isp);
        if (doc.Changes.Contains(change))
        {
            return doc;
        }

        // After every change at the same moment: ties keep their order of arrival (one node's chain order).
        var index = doc.Changes.FindLastIndex(c => c.At <= change.At) + 1;
        doc.Changes.Insert(index, change);
        var fold = AvailabilityFold.Of(doc.Changes, null, doc.Changes[^1].At);
        doc.FirstInService = fold?.Start;
        doc.ClosedOutages = fold?.ClosedOutages.Count ?? 0;
        doc.ClosedDown = fold?.ClosedOutages.Aggregate(TimeSpan.Zero, (sum, o) => sum + o) ?? TimeSpan.Zero;
        doc.DownSince = fold?.DownSince;
        doc.Mttr = fold is { ClosedOutages.Count: > 0 } f ? TimeSpan.FromTicks((long)f.ClosedOutages.Average(o => o.Ticks)) : null;
        return doc;
    }
}
