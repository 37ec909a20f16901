using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Vigil.Daemon.Configuration;

namespace Vigil.Daemon.ControlApi;

/// <summary>
/// Every node's view of its comm paths. Path observations are journaled only by the node that saw them (nothing
/// replicated holds another node's view), so this node asks each peer's control API for its <c>/v1/status</c>.
/// </summary>
internal sealed partial class ControlApiServer
{
    /// <summary>How long one peer may take to answer: a node that is down or cut off must not hold up the others' views.</summary>
    private static readonly TimeSpan PeerTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Every node this one knows: its file's, then those a committed join described.</summary>
    private IReadOnlyList<PeerConfig> KnownNodes => replicated.Members?.All ?? config.Nodes;

    /// <summary>
    /// <c>GET /v1/paths/cluster</c>: per observer (every configured node, this one from its own detector, the others
    /// through their API with the caller's own credentials, in parallel), the paths to each peer and their state;
    /// an observer that does not answer in time is listed <c>reachable: false</c> with why. Guest.
    /// </summary>
    private async Task<IResult> ClusterPathsAsync(HttpContext ctx)
    {
        if (Authenticate(ctx, ApiRole.Guest).Refusal is { } refusal)
        {
            return refusal;
        }

        var authorization = ctx.Request.Headers.Authorization.ToString();
        var views = await Task.WhenAll(KnownNodes.Select(n => n.Name == config.LocalNode
            ? Task.FromResult<JsonNode>(Observer(n.Name, Paths(detector()), null))
            : PeerViewAsync(n.Name, n.Api?.ToString(), authorization, ctx.RequestAborted)));
        return Json(new JsonObject
        {
            ["cluster"] = config.ClusterName,
            ["node"] = config.LocalNode,
            ["observers"] = new JsonArray([.. views]),
        });
    }

    /// <summary>One peer's own view, from its <c>/v1/status</c>; never throws (an unreachable peer is an answer too).</summary>
    private async Task<JsonNode> PeerViewAsync(string node, string? api, string authorization, CancellationToken aborted)
    {
        if (api is null)
        {
            return Observer(node, null, "no 'api' address in its [node] section");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(PeerTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Scheme}://{api}/v1/status");
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(authorization);
        try
        {
            using var response = await _forward.SendAsync(request, timeout.Token);
            var text = await response.Content.ReadAsStringAsync(timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return Observer(node, null, $"its API answered {(int)response.StatusCode}");
            }

            return JsonNode.Parse(text)?["paths"] is JsonArray paths
                ? Observer(node, paths.DeepClone().AsArray(), null)
                : Observer(node, null, "its status carries no comm paths");
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or JsonException && !aborted.IsCancellationRequested)
        {
            return Observer(node, null, e is OperationCanceledException
                ? $"no answer from {api} within {PeerTimeout.TotalSeconds:F0} s"
                : $"no answer from {api}: {e.Message}");
        }
    }

    private static JsonObject Observer(string node, JsonArray? paths, string? problem) => new()
    {
        ["node"] = node,
        ["reachable"] = paths is not null,
        ["error"] = problem,
        ["paths"] = paths ?? [],
    };
}
