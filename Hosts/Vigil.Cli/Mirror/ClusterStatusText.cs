using System.Text.Json.Nodes;

namespace Vigil.Cli.Mirror;

/// <summary>The cluster-wide mirror view for people: per node, each mirror as the local status prints it.</summary>
internal static class ClusterStatusText
{
    public static IEnumerable<string> Lines(JsonArray nodes, string? mirror)
    {
        var marks = nodes.Select(n => n!["outdatedCopies"]).OfType<JsonArray>().FirstOrDefault();
        foreach (var entry in nodes)
        {
            var node = entry!["node"]!.GetValue<string>();
            if (entry["error"] is { } error)
            {
                yield return $"{node}: not available ({error.GetValue<string>()})";
                continue;
            }

            if (entry["repd"]?.GetValue<bool>() != true)
            {
                yield return $"{node}: no vigil-repd (witness, or mirroring off)";
                continue;
            }

            var mirrors = entry["mirrors"]!.AsArray();
            if (mirrors.Count == 0)
            {
                yield return $"{node}: " + (mirror is null ? "no mirrors" : $"no copy of {mirror}");
                continue;
            }

            foreach (var m in mirrors)
            {
                foreach (var line in StatusText.Lines(ApiEndpoint.Parse(m!)))
                {
                    yield return line;
                }
            }
        }

        var shown = marks?.Select(m => m!.GetValue<string>()).Where(m => mirror is null || m.StartsWith(mirror + "@", StringComparison.Ordinal)).ToList() ?? [];
        if (shown.Count > 0)
        {
            yield return "outdated through consensus (never promoted until resynced): " + string.Join(", ", shown);
        }
    }

    /// <summary>The same as JSON: <c>{"nodes": [{"node", "repd", "mirrors": [driver status…], "outdatedCopies"} | {"node", "error"}]}</c>.</summary>
    public static string Json(JsonArray nodes) => new JsonObject { ["nodes"] = nodes }.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

}
