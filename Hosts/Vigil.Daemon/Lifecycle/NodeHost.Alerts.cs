using Microsoft.Extensions.Logging;
using Vigil.Daemon.Alerts;
using Vigil.Daemon.Metrics;

namespace Vigil.Daemon.Lifecycle;

/// <summary>
/// Alert hooks and the metrics' journal projection: one <see cref="JournalFeed"/> follows the local journal and feeds
/// the alert router and the metrics; each hook delivers from the outbox on its own task. Started after the journal
/// and consensus, stopped after the runtime: nothing in the failover path waits for them.
/// </summary>
internal sealed partial class NodeHost
{
    private readonly List<AlertDispatcher> _dispatchers = [];
    private readonly List<Task> _alerting = [];

    private VigilMetrics? _metrics;

    private void StartAlertsAndMetrics()
    {
        _metrics = new VigilMetrics(config, () => Paths, () => _store!.LastPosition);
        StartAlerts(_metrics);
    }

    private void StartAlerts(params IJournalObserver[] others)
    {
        var outbox = new AlertOutbox(config.AlertsDir);
        var dispatchLogger = loggers.CreateLogger<AlertDispatcher>();
        foreach (var hook in config.Alerts)
        {
            IAlertChannel channel = hook.Script is not null ? new ScriptChannel(hook, config.AlertsDir) : new WebhookChannel(hook);
            _dispatchers.Add(new AlertDispatcher(hook, outbox, channel, time, dispatchLogger));
        }

        var observers = new List<IJournalObserver>(others);
        if (_dispatchers.Count > 0)
        {
            observers.Add(new AlertRouter(config, outbox, _dispatchers, loggers.CreateLogger<AlertRouter>()));
        }

        Feed = new JournalFeed(_store!, observers);
        _alerting.Add(Task.Run(() => Feed.RunAsync(_stop.Token), CancellationToken.None));
        _alerting.AddRange(_dispatchers.Select(d => Task.Run(() => d.RunAsync(_stop.Token), CancellationToken.None)));
        Log.StageDone(logger, NodeStage.Alerts, _dispatchers.Count == 0 ? "no alert hooks" : string.Join(", ", _dispatchers.Select(d => d.Hook.ToString())));
    }

    /// <summary>Follows the local journal for the alert router and the metrics (null before the Alerts stage).</summary>
    internal JournalFeed? Feed { get; private set; }

    private async Task StopAlertsAsync()
    {
        // _stop is cancelled by now: the feed and every dispatcher end (a running script is killed).
        await Task.WhenAll(_alerting);
        foreach (var d in _dispatchers)
        {
            d.Dispose();
        }

        _dispatchers.Clear();
        _metrics?.Dispose();
    }
}
