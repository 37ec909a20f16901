using System.Text.Json.Nodes;
using Vigil.Journal;

namespace Vigil.Engine.Audit;

/// <summary>
/// What `vigil history` and <c>GET /v1/history</c> show: every filter given must match. An event concerns a node when
/// its payload names it (node, observer, peer, from, target, failed node) or it is a local observation that node
/// recorded; a type matches by prefix of the stored type name (<c>operation.</c>, <c>input.path-state</c>),
/// case-insensitively; times are inclusive.
/// </summary>
public sealed record HistoryFilter(
    string? Resource = null,
    IReadOnlyList<string>? Nodes = null,
    IReadOnlyList<string>? Types = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null)
{
    private static readonly string[] NodeFields = ["node", "observer", "peer", "from", "target", "failedNode"];

    /// <summary>The events of <paramref name="ordered"/> (in journal order: the resource filter follows ids through it) that pass.</summary>
    public IReadOnlyList<RecordedEvent> Apply(IReadOnlyList<RecordedEvent> ordered)
    {
        ArgumentNullException.ThrowIfNull(ordered);
        var resource = Resource is null ? null : new ResourceFilter(Resource);
        return [.. ordered.Where(e => (resource?.Concerns(e.Envelope.Data) ?? true) && Passes(e))];
    }

    private bool Passes(RecordedEvent e)
    {
        var env = e.Envelope;
        if ((Since is { } since && env.Timestamp < since) || (Until is { } until && env.Timestamp > until))
        {
            return false;
        }

        if (Types is { Count: > 0 } types && !types.Any(t => env.EventType.StartsWith(t, StringComparison.OrdinalIgnoreCase)))
        {
            return false;
        }

        return Nodes is not { Count: > 0 } nodes || nodes.Any(n => Names(env, n));
    }

    private static bool Names(EventEnvelope env, string node)
    {
        if (env.Data is Commands.ILocalObservation && env.Node == node)
        {
            return true;
        }

        var json = JsonNode.Parse(EngineEvents.Serializer.SerializeDataToString(env.Data)) as JsonObject;
        return json is not null && json.Any(p => NodeFields.Contains(p.Key, StringComparer.OrdinalIgnoreCase)
            && p.Value is JsonValue v && v.TryGetValue<string>(out var s) && s == node);
    }
}
