using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Vigil.Daemon.WebConsole;
using Vigil.Engine.Model;
using Vigil.Plugins.Hosting;

namespace Vigil.Daemon.ControlApi;

/// <summary>The web console (WebConsole/README.md): its files, and the reads it needs beyond status and history.</summary>
internal sealed partial class ControlApiServer
{
    /// <summary>Sent by the web console: a 401 to it carries no Basic challenge, so the browser shows no login dialog of its own.</summary>
    public const string ConsoleHeader = "X-Vigil-Console";

    /// <summary>The kits this node's runtime loaded (for the parameters' descriptions, which the cluster state does not keep).</summary>
    public Func<IReadOnlyList<KitInfo>>? LoadedKits { get; init; }

    private void MapConsole(WebApplication app)
    {
        ConsoleAssets.Map(app);
        app.MapGet("/v1/session", Session);
        app.MapGet("/v1/types", (Delegate)TypesAsync);
        app.MapGet("/v1/state", StateAtAsync);
        app.MapGet("/v1/events", EventsAsync);
    }

    /// <summary><c>GET /v1/session</c>: who the credentials are, and which commands this node's API accepts from whom. Guest.</summary>
    private IResult Session(HttpContext ctx)
    {
        var (user, refusal) = Authenticate(ctx, ApiRole.Guest);
        if (refusal is not null)
        {
            return refusal;
        }

        return Json(new JsonObject
        {
            ["user"] = user!.Name,
            ["role"] = CredentialStore.Name(user.Role),
            ["cluster"] = config.ClusterName,
            ["node"] = config.LocalNode,
            ["commands"] = new JsonArray([.. ApiCommands.All.Append(JoinCommand).Select(c => (JsonNode)new JsonObject
            {
                ["name"] = c.Route,
                ["role"] = CredentialStore.Name(c.Role),
                ["allowed"] = user.Role >= c.Role,
            })]),
        });
    }

    /// <summary>
    /// <c>GET /v1/types</c>: the resource types the cluster knows (as the nodes registered them: what the engine checks
    /// parameters against), the nodes offering each, and the kits' descriptions where this node loaded the kit. Guest.
    /// </summary>
    private async Task<IResult> TypesAsync(HttpContext ctx)
    {
        if (Authenticate(ctx, ApiRole.Guest).Refusal is { } refusal)
        {
            return refusal;
        }

        var types = await replicated.ReadAsync(s => s.Nodes.Values
            .SelectMany(n => n.Types.Values.Select(t => (Node: n.Name, Type: t)))
            .GroupBy(x => x.Type.Name, StringComparer.Ordinal)
            .Select(g => (Spec: g.First().Type, Nodes: g.Select(x => x.Node).ToList()))
            .OrderBy(t => t.Spec.Name, StringComparer.Ordinal)
            .ToList());
        var described = (LoadedKits?.Invoke() ?? []).SelectMany(k => k.Types).GroupBy(t => t.Name).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        return Json(new JsonObject
        {
            ["types"] = new JsonArray([.. types.Select(t =>
            {
                described.TryGetValue(t.Spec.Name, out var kit);
                return (JsonNode)new JsonObject
                {
                    ["name"] = t.Spec.Name,
                    ["description"] = kit?.Description,
                    ["nodes"] = new JsonArray([.. t.Nodes.Select(n => (JsonNode)n)]),
                    ["allowsUnknownParameters"] = t.Spec.AllowsUnknownParameters,
                    ["parameters"] = new JsonArray([.. t.Spec.Parameters.Select(p => (JsonNode)Parameter(p, kit?.Parameters.FirstOrDefault(d => d.Name == p.Name)?.Description))]),
                };
            })]),
        });
    }

    private static JsonObject Parameter(ParameterSpec p, string? description) => new()
    {
        ["name"] = p.Name,
        ["kind"] = p.Kind switch
        {
            ParameterKind.Integer => "integer",
            ParameterKind.Boolean => "boolean",
            ParameterKind.Enum => "enum",
            ParameterKind.IpAddress => "ip",
            ParameterKind.Path => "path",
            _ => "string",
        },
        ["description"] = string.IsNullOrEmpty(description) ? null : description,
        ["required"] = p.Required,
        ["default"] = p.Default,
        ["pattern"] = p.Pattern,
        ["allowedValues"] = p.AllowedValues is null ? null : new JsonArray([.. p.AllowedValues.Select(v => (JsonNode)v)]),
        ["min"] = p.Min,
        ["max"] = p.Max,
        ["secret"] = p.Secret,
    };
}
