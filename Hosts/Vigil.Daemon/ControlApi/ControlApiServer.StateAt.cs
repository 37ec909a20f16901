using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Vigil.Engine.Audit;
using Vigil.Engine.Commands;
using Vigil.Engine.Events;
using Vigil.Engine.State;
using Vigil.Journal;

namespace Vigil.Daemon.ControlApi;

internal sealed partial class ControlApiServer
{
    /// <summary>
    /// <c>GET /v1/state?position=N</c>: the cluster as this node's journal recorded it just after its event N (default:
    /// the last), rebuilt by applying the journal's decisions up to N to an empty state — the engine's own projection,
    /// so a past moment looks exactly as the present would have. Path states are this node's last journaled
    /// observations up to N. The console's timeline slider reads it. Guest.
    /// </summary>
    private async Task<IResult> StateAtAsync(HttpContext ctx, long? position)
    {
        if (Authenticate(ctx, ApiRole.Guest).Refusal is { } refusal)
        {
            return refusal;
        }

        var last = store.LastPosition;
        var upTo = position ?? last;
        if (upTo < 0 || upTo > last)
        {
            return Answer(StatusCodes.Status400BadRequest, "bad-request",
                string.Create(CultureInfo.InvariantCulture, $"position: '{upTo}' is not between 0 and {last} (this node's last journal position)"));
        }

        var state = new ClusterState();
        var paths = new SortedDictionary<(string Peer, string Path), bool>();
        RecordedEvent? at = null;
        await foreach (var e in store.ReadAllAsync(1, ctx.RequestAborted))
        {
            if (e.Position > upTo)
            {
                break;
            }

            at = e;
            state.AdvanceClock(e.Envelope.Timestamp);
            switch (e.Envelope.Data)
            {
                case IDecisionEvent decision:
                    state.Apply(decision);
                    break;
                case MembershipInputs.ReportPathState seen when seen.Observer == config.LocalNode:
                    paths[(seen.Peer, seen.Path)] = seen.Alive;
                    break;
            }
        }

        return Json(new JsonObject
        {
            ["node"] = config.LocalNode,
            ["position"] = upTo,
            ["last"] = last,
            ["event"] = at is null ? null : RecordedEventJson.ToJson(at),
            ["nodes"] = new JsonArray([.. state.Nodes.Values.Select(n => (JsonNode)new JsonObject
            {
                ["name"] = n.Name,
                ["alive"] = n.Alive,
                ["maintenance"] = n.Maintenance,
            })]),
            ["paths"] = new JsonArray([.. config.Peers.SelectMany(p => config.Paths.Select(path => (JsonNode)new JsonObject
            {
                ["peer"] = p.Name,
                ["path"] = path,
                ["state"] = paths.TryGetValue((p.Name, path), out var alive) ? (alive ? "ALIVE" : "DEAD") : "UNKNOWN",
            }))]),
            ["resources"] = Resources(state),
        });
    }
}
