using System.Globalization;
using System.Text.Json.Nodes;
using Vigil.Journal;

namespace Vigil.Engine.Audit;

/// <summary>
/// The JSON shape of one journal event, shared by <c>vigil history/why --json</c> and the control API's history
/// (stable: scripts and snapshots depend on it).
/// </summary>
public static class RecordedEventJson
{
    public static JsonObject ToJson(RecordedEvent r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var e = r.Envelope;
        return new JsonObject
        {
            ["position"] = r.Position,
            ["streamVersion"] = r.StreamVersion,
            ["eventId"] = e.EventId.ToString(),
            ["node"] = e.Node,
            ["sequence"] = e.Sequence,
            ["timestamp"] = e.Timestamp.ToString("O", CultureInfo.InvariantCulture),
            ["hlc"] = e.Hlc.ToString(),
            ["kind"] = EventNarrator.Kind(e.Kind),
            ["stream"] = e.StreamId,
            ["type"] = e.EventType,
            ["correlationId"] = e.CorrelationId.ToString(),
            ["causationId"] = e.CausationId?.ToString(),
            ["summary"] = EventNarrator.Describe(e.Data),
            ["data"] = JsonNode.Parse(EngineEvents.Serializer.SerializeDataToString(e.Data)),
            ["hash"] = e.Hash,
        };
    }

    /// <summary>
    /// Reads an event back from <see cref="ToJson"/>'s shape (a node's history fetched through its control API), so
    /// histories of several nodes can be merged like journals read directly. The previous hash is not part of the
    /// shape: events read this way are for reading, not for chain verification.
    /// </summary>
    /// <exception cref="FormatException">A field is missing or malformed; the message names it.</exception>
    public static RecordedEvent FromJson(JsonObject o)
    {
        ArgumentNullException.ThrowIfNull(o);
        var type = Text(o, "type");
        IVigilEvent data;
        try
        {
            data = EngineEvents.Serializer.DeserializeData(type, (o["data"] ?? throw Missing("data")).ToJsonString());
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or UnknownEventTypeException)
        {
            throw new FormatException($"event field 'data' of type '{type}': {ex.Message}", ex);
        }

        var envelope = new EventEnvelope(
            Guid.Parse(Text(o, "eventId")), Text(o, "node"), Number(o, "sequence"),
            DateTimeOffset.Parse(Text(o, "timestamp"), CultureInfo.InvariantCulture), HlcTimestamp.Parse(Text(o, "hlc")),
            Guid.Parse(Text(o, "correlationId")), o["causationId"] is { } c ? Guid.Parse(c.GetValue<string>()) : null,
            Text(o, "kind") == "input" ? EventKind.Input : EventKind.Decision, Text(o, "stream"), type, data, string.Empty, Text(o, "hash"));
        return new RecordedEvent(Number(o, "position"), Number(o, "streamVersion"), envelope);
    }

    private static string Text(JsonObject o, string field) =>
        o[field] is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw Missing(field);

    private static long Number(JsonObject o, string field) =>
        o[field] is JsonValue v && v.TryGetValue<long>(out var n) ? n : throw Missing(field);

    private static FormatException Missing(string field) => new($"event field '{field}' is missing or not of the expected kind");
}
