using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Engine;
using Vigil.Engine.Audit;
using Vigil.Journal;

namespace Vigil.Cli.Output;

/// <summary>The <c>--json</c> shape of a journal event (stable: scripts and snapshots depend on it).</summary>
internal static class HistoryJson
{
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static JsonObject ToJson(RecordedEvent r)
    {
        var e = r.Envelope;
        return new JsonObject
        {
            ["position"] = r.Position,
            ["streamVersion"] = r.StreamVersion,
            ["eventId"] = e.EventId.ToString(),
            ["node"] = e.Node,
            ["sequence"] = e.Sequence,
            ["timestamp"] = e.Timestamp.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
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
