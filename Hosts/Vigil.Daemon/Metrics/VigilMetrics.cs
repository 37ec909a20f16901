using System.Diagnostics.Metrics;
using Vigil.Daemon.Alerts;
using Vigil.Daemon.Configuration;
using Vigil.Engine.Events;
using Vigil.Engine.Model;
using Vigil.Journal;
using Vigil.Membership;

namespace Vigil.Daemon.Metrics;

/// <summary>
/// vigild's instruments (meter <see cref="MeterName"/>), exported by OpenTelemetry's Prometheus exporter on the
/// control API's <c>/metrics</c>. Counters and histograms are projected from the node's own journal from its first
/// event (<see cref="IJournalObserver"/>), so they survive a restart and agree with <c>vigil history</c>; the gauges
/// read live state when scraped. Names and labels: docs/operations.md, "Metrics".
/// </summary>
internal sealed partial class VigilMetrics : IJournalObserver, IDisposable
{
    public const string MeterName = "Vigil";

    /// <summary>Seconds: one heartbeat interval to a few lease lengths, and the failovers that take a while.</summary>
    private static readonly double[] Buckets = [0.05, 0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10, 30, 60, 120];

    private readonly NodeConfig _config;
    private readonly Func<IPathView?> _detector;
    private readonly Func<long> _journalHead;
    private readonly Meter _meter = new(MeterName);
    private readonly Counter<long> _failovers;
    private readonly Histogram<double> _detection;
    private readonly Histogram<double> _failover;
    private readonly Lock _lock = new();
    private readonly Dictionary<(string Tag, string Node), InstanceState> _instances = [];
    private readonly Dictionary<long, DateTimeOffset> _failoversStarted = [];
    private readonly Dictionary<(string Peer, string Path), DateTimeOffset> _lastBeatOfDeadPath = [];

    public VigilMetrics(NodeConfig config, Func<IPathView?> detector, Func<long> journalHead)
    {
        _config = config;
        _detector = detector;
        _journalHead = journalHead;
        _failovers = _meter.CreateCounter<long>("vigil.failovers", "{failover}", "Failovers started (hierarchies moved off a dead node), by target node");
        _detection = _meter.CreateHistogram("vigil.detection.latency", "s", "Last heartbeat heard from a node (on any path) to the node declared dead",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });
        _failover = _meter.CreateHistogram("vigil.failover.latency", "s", "Failover started to completed (the hierarchy in service on its new node)",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = Buckets });
        _meter.CreateObservableGauge("vigil.path.alive", PathStates, unit: null, "This node's comm paths: 1 ALIVE, 0 DEAD, by peer and path");
        _meter.CreateObservableGauge("vigil.instance.state", InstanceStates, unit: null, "1 for the state each resource instance is in, by tag, node and state");
        _meter.CreateObservableGauge("vigil.journal.events", () => _journalHead(), "{event}", "Events in this node's journal");
        _meter.CreateObservableGauge("vigil.journal.forwarding.lag", ForwardingLag, "{event}", "Events of this node's journal not yet forwarded to the cluster store (only when forwarding runs)");
    }

    public ValueTask ObserveAsync(RecordedEvent recorded, CancellationToken cancellationToken)
    {
        var at = recorded.Envelope.Timestamp;
        lock (_lock)
        {
            switch (recorded.Envelope.Data)
            {
                case OperationEvents.OperationStarted { Kind: OperationKind.Failover } s:
                    _failovers.Add(1, new KeyValuePair<string, object?>("target", s.Target));
                    _failoversStarted[s.OperationId] = at;
                    break;
                case OperationEvents.OperationCompleted c when _failoversStarted.Remove(c.OperationId, out var started):
                    _failover.Record((at - started).TotalSeconds, new KeyValuePair<string, object?>("node", c.Node));
                    break;
                case OperationEvents.OperationFailed f:
                    _failoversStarted.Remove(f.OperationId);
                    break;
                case InstanceEvents.InstanceTransitioned t:
                    _instances[(t.Tag, t.Node)] = t.To;
                    break;
                case ResourceEvents.ResourceCreated c:
                    _instances.TryAdd((c.Tag, c.Node), InstanceState.Osu);
                    break;
                case ResourceEvents.ResourceExtended x:
                    _instances.TryAdd((x.Tag, x.Node), InstanceState.Osu);
                    break;
                case ResourceEvents.ResourceUnextended u:
                    _instances.Remove((u.Tag, u.Node));
                    break;
                case ResourceEvents.ResourceDeleted d:
                    foreach (var key in _instances.Keys.Where(k => k.Tag == d.Tag).ToList())
                    {
                        _instances.Remove(key);
                    }

                    break;
                default:
                    ObserveMembership(recorded.Envelope);
                    break;
            }
        }

        return ValueTask.CompletedTask;
    }

    public void Dispose() => _meter.Dispose();
}
