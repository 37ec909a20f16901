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
}
