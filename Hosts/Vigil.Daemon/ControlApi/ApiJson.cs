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
}
