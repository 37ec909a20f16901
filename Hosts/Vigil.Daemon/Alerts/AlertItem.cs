using System.Text.Json.Nodes;

namespace Vigil.Daemon.Alerts;

/// <summary>One queued delivery: the payload (see docs/operations.md, "Alert hooks") and the attempt being made.</summary>
internal sealed record AlertItem(string File, string Json, int Attempt)
{
    private JsonObject Body => JsonNode.Parse(Json)!.AsObject();

    public string EventId => (string)Body["eventId"]!;

    /// <summary>The environment a script gets besides the JSON on its standard input.</summary>
    public IReadOnlyDictionary<string, string> Environment()
    {
        var b = Body;
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["VIGIL_ALERT"] = (string)b["alert"]!,
            ["VIGIL_MATCHED"] = (string)b["matched"]!,
            ["VIGIL_CLUSTER"] = (string)b["cluster"]!,
            ["VIGIL_NODE"] = (string)b["deliveredBy"]!,
            ["VIGIL_EVENT_ID"] = (string)b["eventId"]!,
            ["VIGIL_EVENT_TYPE"] = (string)b["type"]!,
            ["VIGIL_SUMMARY"] = (string)b["summary"]!,
            ["VIGIL_TIMESTAMP"] = (string)b["event"]!["timestamp"]!,
            ["VIGIL_ATTEMPT"] = Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}
