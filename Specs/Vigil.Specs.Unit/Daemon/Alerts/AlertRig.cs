using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Daemon.Alerts;
using Vigil.Daemon.Configuration;
using Vigil.Engine.Events;
using Vigil.Journal;

namespace Vigil.Specs.Unit.Daemon.Alerts;

/// <summary>A node config with alert sections in a temporary data directory, and the real router, outbox and dispatchers over it.</summary>
internal sealed class AlertRig : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _running = [];
    private long _position;

    public AlertRig(string alerts, string local = "b", string? dir = null)
    {
        Dir = dir ?? Directory.CreateTempSubdirectory("vigil-alerts-").FullName;
        var text = $"""
            [cluster]
            name = prod
            key-file = cluster.key
            certificate = cluster.pfx
            config-version = 1
            paths = udp, tcp
            [node a]
            udp = 127.0.0.1:7400
            tcp = 127.0.0.1:7401
            raft = 127.0.0.1:7402
            [node b]
            udp = 127.0.0.1:7410
            tcp = 127.0.0.1:7411
            raft = 127.0.0.1:7412
            [node c]
            udp = 127.0.0.1:7420
            tcp = 127.0.0.1:7421
            raft = 127.0.0.1:7422
            [local]
            node = {local}
            data-dir = data
            {alerts}
            """;
        Config = NodeConfig.From(ConfigFile.Parse(Path.Combine(Dir, "vigild.conf"), text));
        Outbox = new AlertOutbox(Config.AlertsDir);
        Dispatchers = [.. Config.Alerts.Select(h => new AlertDispatcher(
            h, Outbox, h.Script is not null ? new ScriptChannel(h, Dir) : new WebhookChannel(h), TimeProvider.System, NullLogger.Instance))];
        Router = new AlertRouter(Config, Outbox, Dispatchers, NullLogger.Instance);
    }

    public string Dir { get; }

    public NodeConfig Config { get; }

    public AlertOutbox Outbox { get; }

    public IReadOnlyList<AlertDispatcher> Dispatchers { get; }

    public AlertRouter Router { get; }

    public void StartDelivering() => _running.AddRange(Dispatchers.Select(d => Task.Run(() => d.RunAsync(_stop.Token))));

    /// <summary>Feeds one event to the router as the journal feed would, at the next position.</summary>
    public async Task<RecordedEvent> JournalAsync(IVigilEvent data, EventKind kind = EventKind.Decision)
    {
        var position = ++_position;
        var type = Vigil.Engine.EngineEvents.Serializer.Registry.NameOf(data.GetType());
        var envelope = new EventEnvelope(Guid.CreateVersion7(), Config.LocalNode, position, DateTimeOffset.UtcNow, new HlcTimestamp(position, 0),
            Guid.CreateVersion7(), null, kind, "stream", type, data, "prev", "hash");
        var recorded = new RecordedEvent(position, 1, envelope);
        await Router.ObserveAsync(recorded, CancellationToken.None);
        return recorded;
    }

    public static NodeEvents.NodeDeclaredDead Dead(string node) => new(node, "every comm path DEAD");

    /// <summary>Stops delivering (as vigild stopping would) and waits for the dispatchers to end.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_running);
    }

    public void Dispose()
    {
        _stop.Cancel();
        foreach (var d in Dispatchers)
        {
            d.Dispose();
        }

        _stop.Dispose();
    }
}
