using System.Text.Json.Nodes;
using Vigil.Cli.Api;

namespace Vigil.Cli.Mirror;

/// <summary>
/// <c>vigil mirror status</c> through the API: every node's <c>/v1/mirrors</c> (the nodes are found in the first
/// node's <c>/v1/status</c>, as <c>vigil history</c> finds them), in parallel. A node that does not answer (or whose
/// vigil-repd does not) is kept, with its error, so the view says which copies it could not see.
/// </summary>
internal static class ClusterMirrors
{
    /// <summary>One entry per node, in configuration order: <c>node</c>, then the node's answer or <c>error</c>.</summary>
    public static async Task<JsonArray> GatherAsync(ApiConnection connection, ApiClient first, string? mirror, CancellationToken ct)
    {
        var status = await first.GetAsync("/v1/status", ct);
        var self = status["node"]!.GetValue<string>();
        var nodes = status["nodes"]!.AsArray()
            .Select(n => (Name: n!["name"]!.GetValue<string>(), Api: n["api"]?.GetValue<string>(), Witness: n["role"]?.GetValue<string>() == "witness"))
            .ToList();
        var answers = await Task.WhenAll(nodes.Select(async n =>
        {
            var entry = new JsonObject { ["node"] = n.Name };
            if (n.Name != self && n.Api is null)
            {
                entry["error"] = "runs no control API";
                return entry;
            }

            try
            {
                var answer = n.Name == self
                    ? await first.GetAsync("/v1/mirrors", ct)
                    : await GetAsync(connection with { BaseUri = new Uri($"{connection.BaseUri.Scheme}://{n.Api}") }, ct);
                entry["repd"] = answer["repd"]?.DeepClone();
                entry["mirrors"] = new JsonArray([.. answer["mirrors"]!.AsArray().Where(m => mirror is null || m!["name"]?.GetValue<string>() == mirror).Select(m => m!.DeepClone())]);
                entry["outdatedCopies"] = answer["outdatedCopies"]?.DeepClone();
            }
            catch (ApiFailure e)
            {
                // The first node's status already answered (credentials are good): a failure here is that node's
                // vigil-repd (or another node) not answering, shown in the view rather than ending it.
                entry["error"] = e.Message;
            }

            return entry;
        }));
        return new JsonArray([.. answers]);
    }

    private static async Task<JsonNode> GetAsync(ApiConnection connection, CancellationToken ct)
    {
        using var client = new ApiClient(connection, TimeSpan.FromSeconds(10));
        return await client.GetAsync("/v1/mirrors", ct);
    }
}
