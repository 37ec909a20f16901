using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Vigil.Engine.Audit;
using Vigil.Engine.Model;
using Vigil.Engine.State;
using Vigil.Journal;
using Vigil.Membership;

namespace Vigil.Daemon.ControlApi;

internal sealed partial class ControlApiServer
{
    /// <summary><c>GET /v1/status</c>: nodes, this node's comm paths per peer, every resource instance. Guest.</summary>
    private async Task<IResult> StatusAsync(HttpContext ctx)
    {
        if (Authenticate(ctx, ApiRole.Guest).Refusal is { } refusal)
        {
            return refusal;
        }

        return Json(await StatusJsonAsync());
    }

    /// <summary>The status answer (also what the web console's live stream sends when it changes).</summary>
    private async Task<JsonObject> StatusJsonAsync()
    {
        var consensus = replicated.Consensus;
        var state = await replicated.ReadAsync(s => (Nodes: Nodes(s), Resources: Resources(s), CommPaths: CommPaths(s)));
        return new JsonObject
        {
            ["cluster"] = config.ClusterName,
            ["node"] = config.LocalNode,
            ["leader"] = consensus.LeaderName,
            ["term"] = consensus.Term,
            ["appliedIndex"] = replicated.AppliedIndex,
            ["nodes"] = state.Nodes,
            ["paths"] = Paths(detector()),
            ["configVersion"] = replicated.ConfigurationVersion < 0 ? config.ConfigVersion : replicated.ConfigurationVersion,
            ["pathsVersion"] = replicated.PathsVersion,
            ["commPaths"] = state.CommPaths,
            ["resources"] = state.Resources,
        };
    }

    /// <summary>
    /// <c>GET /v1/history?resource=TAG&amp;node=N&amp;type=PREFIX&amp;since=T&amp;until=T&amp;limit=N</c>: this node's journal,
    /// oldest first (the last N), filtered as `vigil history` filters (<see cref="HistoryFilter"/>; node and type repeat;
    /// times are ISO 8601 or a time ago such as -10m). Guest.
    /// </summary>
    private async Task<IResult> HistoryAsync(HttpContext ctx, string? resource, string[]? node, string[]? type, string? since, string? until, int? limit)
    {
        if (Authenticate(ctx, ApiRole.Guest).Refusal is { } refusal)
        {
            return refusal;
        }

        if (limit is < 1)
        {
            return Answer(StatusCodes.Status400BadRequest, "bad-request", $"limit: '{limit}' is not a whole number of at least 1");
        }

        var now = DateTimeOffset.UtcNow;
        string? problem = null;
        var from = since is null ? null : HistoryTime.Parse(since, now, out problem);
        var to = problem is null && until is not null ? HistoryTime.Parse(until, now, out problem) : null;
        if (problem is not null)
        {
            return Answer(StatusCodes.Status400BadRequest, "bad-request", $"{(from is null && since is not null ? "since" : "until")}: {problem}");
        }

        var all = new List<RecordedEvent>();
        await foreach (var e in store.ReadAllAsync(cancellationToken: ctx.RequestAborted))
        {
            all.Add(e);
        }

        var shown = new HistoryFilter(resource, node, type, from, to).Apply(all);
        var last = limit is { } n ? shown.TakeLast(n) : shown;
        return Json(new JsonObject
        {
            ["node"] = config.LocalNode,
            ["total"] = store.LastPosition,
            ["events"] = new JsonArray([.. last.Select(RecordedEventJson.ToJson)]),
        });
    }

    private JsonArray Nodes(ClusterState state) => new([.. KnownNodes.OrderBy(n => n.Id).Select(n => (JsonNode)new JsonObject
    {
        ["name"] = n.Name,
        ["id"] = n.Id,
        ["role"] = n.Witness ? "witness" : "member",
        // The replicated verdict: null until the cluster has added the node.
        ["alive"] = state.Nodes.TryGetValue(n.Name, out var info) ? info.Alive : null,
        ["leader"] = n.Name == replicated.Consensus.LeaderName,
        ["api"] = n.Api?.ToString(),
        ["types"] = info is null ? new JsonArray() : new JsonArray([.. info.Types.Keys.Select(t => (JsonNode)t)]),
    })]);

    private static JsonArray Paths(IPathView? seen) => seen is null ? [] : new([.. seen.Watched.Select(w => (JsonNode)new JsonObject
    {
        ["peer"] = w.Peer,
        ["path"] = w.Path,
        ["state"] = seen.StateOf(w.Peer, w.Path) == PathState.Alive ? "ALIVE" : "DEAD",
    })]);

    /// <summary>The committed comm paths of the whole cluster (the configuration files' until the leader seeds them).</summary>
    private JsonArray CommPaths(ClusterState state) => new([.. Lifecycle.NodeHost.Committed(state, config.FilePaths()).Select(p => (JsonNode)new JsonObject
    {
        ["type"] = p.Type,
        ["nodeA"] = p.NodeA,
        ["addressA"] = p.AddressA,
        ["nodeB"] = p.NodeB,
        ["addressB"] = p.AddressB,
    })]);

    private static JsonArray Resources(ClusterState state) => new([.. state.Resources.Values.Select(r => (JsonNode)new JsonObject
    {
        ["tag"] = r.Tag,
        ["type"] = r.Type,
        ["switchback"] = r.Switchback.ToString().ToLowerInvariant(),
        ["dependsOn"] = new JsonArray([.. r.Children.Select(c => (JsonNode)c)]),
        ["activeNode"] = r.ActiveNode,
        ["maintenance"] = r.Maintenance,
        ["instances"] = new JsonArray([.. r.Instances.Values.OrderBy(i => i.Priority).Select(i => (JsonNode)new JsonObject
        {
            ["node"] = i.Node,
            ["state"] = i.State.Label(),
            ["priority"] = i.Priority,
            ["reason"] = i.Reason.Length == 0 ? null : i.Reason,
            ["pendingAction"] = i.PendingActionId?.ToString(CultureInfo.InvariantCulture),
            // Failures that still count (as of the engine's time), the ones that make a node no candidate at the threshold.
            ["failures"] = i.ActiveFailures(state.Now),
        })]),
    })]);
}
