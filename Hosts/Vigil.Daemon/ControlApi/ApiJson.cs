using System.Globalization;
using System.Text.Json.Nodes;
using Vigil.Engine;
using Vigil.Engine.Audit;
using Vigil.Journal;

namespace Vigil.Daemon.ControlApi;

/// <summary>JSON shapes shared by the API's answers (stable: the CLI's --json and scripts read them).</summary>
internal static class ApiJson
{
    public static JsonObject Error(string code, string message) => new() { ["code"] = code, ["message"] = message };

    /// <summary>A decision event as a command's answer lists it.</summary>
    public static JsonObject Event(IVigilEvent e) => new()
    {
        ["type"] = EngineEvents.Registry.NameOf(e.GetType()),
        ["summary"] = EventNarrator.Describe(e),
        ["data"] = JsonNode.Parse(EngineEvents.Serializer.SerializeDataToString(e)),
    };

    /// <summary>A journal event, in the shape of <c>vigil history --json</c>.</summary>
    public static JsonObject Recorded(RecordedEvent r)
    {
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
