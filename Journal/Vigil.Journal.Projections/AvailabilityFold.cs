using Vigil.Engine.Audit;

namespace Vigil.Journal.Projections;

/// <summary>
/// A resource's in-service periods folded from its distinct instance changes, the way
/// <see cref="AvailabilityReport.Compute"/> folds a merged history: an outage runs from the moment no instance is in
/// service to the moment one is again; the measured period starts at the first time one was (clipped to the window).
/// </summary>
public sealed record AvailabilityFold(DateTimeOffset Start, IReadOnlyList<TimeSpan> ClosedOutages, DateTimeOffset? DownSince)
{
    /// <summary>Folds the changes at or before <paramref name="until"/>; those before <paramref name="from"/> count as at it. Null when no instance was ever in service.</summary>
    public static AvailabilityFold? Of(IEnumerable<InstanceChange> ordered, DateTimeOffset? from, DateTimeOffset until)
    {
        ArgumentNullException.ThrowIfNull(ordered);
        var inService = new HashSet<string>(StringComparer.Ordinal);
        DateTimeOffset? start = null;
        DateTimeOffset? downSince = null;
        var outages = new List<TimeSpan>();
        foreach (var change in ordered.TakeWhile(c => c.At <= until))
        {
            var wasUp = inService.Count > 0;
            _ = change.InService ? inService.Add(change.Node) : inService.Remove(change.Node);
            var at = from is { } f && f > change.At ? f : change.At;
            if (!wasUp && inService.Count > 0)
            {
                start ??= at;
                // An outage that ended before the window's start is clipped to nothing: not an outage of this window.
                if (downSince is { } since && at > since)
                {
                    outages.Add(at - since);
                }

                downSince = null;
            }
            else if (wasUp && inService.Count == 0 && start is not null)
            {
                downSince = at;
            }
        }

        return start is { } s ? new AvailabilityFold(s, outages, downSince) : null;
    }

    /// <summary>The figures at <paramref name="end"/>: an outage still open then counts up to it.</summary>
    public ResourceAvailability Result(string tag, DateTimeOffset end)
    {
        var closed = ClosedOutages.Aggregate(TimeSpan.Zero, (sum, o) => sum + o);
        var down = closed + (DownSince is { } open && end > open ? end - open : TimeSpan.Zero);
        TimeSpan? mttr = ClosedOutages.Count == 0 ? null : TimeSpan.FromTicks((long)ClosedOutages.Average(o => o.Ticks));
        return new ResourceAvailability(tag, end > Start ? end - Start : TimeSpan.Zero, down, ClosedOutages.Count + (DownSince is null ? 0 : 1), mttr);
    }
}
