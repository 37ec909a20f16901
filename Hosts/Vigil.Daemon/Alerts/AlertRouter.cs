using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Vigil.Daemon.Configuration;
using Vigil.Engine.Audit;
using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Journal;

namespace Vigil.Daemon.Alerts;

/// <summary>
/// Puts the journal events the hooks want into the outbox — on exactly one node. Every member journals every
/// replicated decision, so a replicated event is queued only by the first member (configuration order) alive in the
/// replicated state as of that event; the same state on every node makes them agree without talking. A local
/// observation (a comm path going DEAD) is queued by the node that observed it. Events before the outbox's cursor
/// were routed before a restart: they only update the view of who is alive.
/// </summary>
internal sealed partial class AlertRouter(NodeConfig config, AlertOutbox outbox, IReadOnlyList<AlertDispatcher> dispatchers, ILogger logger) : IJournalObserver
{
    private readonly HashSet<string> _dead = new(StringComparer.Ordinal);
    private long _cursor = -1;

    public ValueTask ObserveAsync(RecordedEvent recorded, CancellationToken cancellationToken)
    {
        var e = recorded.Envelope;
        switch (e.Data)
        {
            case NodeEvents.NodeDeclaredDead d:
                _dead.Add(d.Node);
                break;
            case NodeEvents.NodeRejoined r:
                _dead.Remove(r.Node);
                break;
        }

        if (_cursor < 0)
        {
            _cursor = outbox.Cursor;
        }

        if (recorded.Position <= _cursor)
        {
            return ValueTask.CompletedTask;
        }

        if (Deliverer(e) == config.LocalNode)
        {
            foreach (var d in dispatchers)
            {
                if (d.Hook.Events.Match(e) is { } matched)
                {
                    foreach (var dropped in outbox.Add(d.Hook.Name, recorded.Position, Payload(recorded, d.Hook, matched).ToJsonString(), d.Hook.MaxPending))
                    {
                        Log.Dropped(logger, d.Hook.Name, dropped, d.Hook.MaxPending);
                    }

                    d.Nudge();
                }
            }
        }

        outbox.SaveCursor(recorded.Position);
        _cursor = recorded.Position;
        return ValueTask.CompletedTask;
    }

    /// <summary>The node that delivers <paramref name="e"/>'s alerts (see the class remarks).</summary>
    public string? Deliverer(EventEnvelope e) =>
        e is { Kind: EventKind.Input, Data: ILocalObservation }
            ? config.LocalNode
            : config.Nodes.FirstOrDefault(n => !n.Witness && !_dead.Contains(n.Name))?.Name;

    private JsonObject Payload(RecordedEvent recorded, AlertHook hook, string matched) => new()
    {
        ["alert"] = hook.Name,
        ["matched"] = matched,
        ["cluster"] = config.ClusterName,
        ["deliveredBy"] = config.LocalNode,
        ["eventId"] = recorded.Envelope.EventId.ToString(),
        ["type"] = recorded.Envelope.EventType,
        ["summary"] = EventNarrator.Describe(recorded.Envelope.Data),
        ["event"] = RecordedEventJson.ToJson(recorded),
    };

    private static partial class Log
    {
        [LoggerMessage(1500, LogLevel.Warning, "alert {Alert}: outbox full ({Max} undelivered), dropped the oldest item {Item}")]
        public static partial void Dropped(ILogger logger, string alert, string item, int max);
    }
}
