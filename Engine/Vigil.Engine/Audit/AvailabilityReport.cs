using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Journal;

namespace Vigil.Engine.Audit;

/// <summary>
/// Failover records and per-resource availability computed from a (merged, de-duplicated) history, as
/// `vigil report availability` shows them. Deliberate downtime (an operator's remove) counts as downtime too: the
/// report measures what clients saw.
/// </summary>
public sealed record AvailabilityReport(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<FailoverRecord> Failovers, IReadOnlyList<ResourceAvailability> Resources)
{
    public static AvailabilityReport Compute(IReadOnlyList<RecordedEvent> ordered, DateTimeOffset? since, DateTimeOffset until)
    {
        ArgumentNullException.ThrowIfNull(ordered);
        var from = since ?? (ordered.Count == 0 ? until : ordered[0].Envelope.Timestamp);
        var failovers = new Dictionary<long, FailoverRecord>();
        var inService = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var tracks = new SortedDictionary<string, Track>(StringComparer.Ordinal);
        foreach (var e in ordered.TakeWhile(e => e.Envelope.Timestamp <= until))
        {
            var at = e.Envelope.Timestamp;
            switch (e.Envelope.Data)
            {
                case OperationEvents.OperationStarted { Kind: OperationKind.Failover } s when at >= from:
                    failovers[s.OperationId] = new FailoverRecord(s.OperationId, at, s.Members, s.From, null, s.Cause, null, "running");
                    break;
                case OperationEvents.OperationCompleted c when failovers.TryGetValue(c.OperationId, out var f):
                    failovers[c.OperationId] = f with { To = c.Node, Duration = at - f.At, Outcome = "completed" };
                    break;
                case OperationEvents.OperationFailed x when failovers.TryGetValue(x.OperationId, out var f):
                    failovers[x.OperationId] = f with { Outcome = "failed: " + string.Join("; ", x.Reasons) };
                    break;
                case InstanceEvents.InstanceTransitioned t:
                    if (!inService.TryGetValue(t.Tag, out var nodes))
                    {
                        inService[t.Tag] = nodes = new HashSet<string>(StringComparer.Ordinal);
                    }

                    var wasUp = nodes.Count > 0;
                    _ = t.To == InstanceState.Isp ? nodes.Add(t.Node) : nodes.Remove(t.Node);
                    var track = tracks.TryGetValue(t.Tag, out var known) ? known : null;
                    if (!wasUp && nodes.Count > 0)
                    {
                        tracks[t.Tag] = track = track ?? new Track(Max(at, from));
                        track.Up(Max(at, from));
                    }
                    else if (wasUp && nodes.Count == 0 && track is not null)
                    {
                        track.Down(Max(at, from));
                    }

                    break;
                default:
                    break;
            }
        }

        var resources = tracks.Select(kv => kv.Value.Result(kv.Key, until)).ToList();
        return new AvailabilityReport(from, until, [.. failovers.Values.OrderBy(f => f.At)], resources);
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>One resource's in-service periods.</summary>
    private sealed class Track(DateTimeOffset start)
    {
        private readonly List<TimeSpan> _outages = [];
        private DateTimeOffset? _downSince;
        private TimeSpan _down;

        public void Down(DateTimeOffset at) => _downSince = at;

        public void Up(DateTimeOffset at)
        {
            // An outage that ended before the report's start is clipped to nothing: not an outage of this period.
            if (_downSince is { } since && at > since)
            {
                _outages.Add(at - since);
                _down += at - since;
            }

            _downSince = null;
        }

        public ResourceAvailability Result(string tag, DateTimeOffset end)
        {
            var down = _down + (_downSince is { } open && end > open ? end - open : TimeSpan.Zero);
            var outages = _outages.Count + (_downSince is null ? 0 : 1);
            TimeSpan? mttr = _outages.Count == 0 ? null : TimeSpan.FromTicks((long)_outages.Average(o => o.Ticks));
            return new ResourceAvailability(tag, end > start ? end - start : TimeSpan.Zero, down, outages, mttr);
        }
    }
}
