using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Vigil.ReplicationDriver.Client;

namespace Vigil.Daemon.ControlApi;

/// <summary>
/// This node's vigil-repd through the API: <c>GET /v1/mirrors</c> (every mirror here, and the copies the cluster marked
/// outdated), <c>GET /v1/mirrors/{name}</c> (one, what a progress bar polls) — guest —, and
/// <c>POST /v1/mirrors/{name}/{action}?peer=N&amp;force=true&amp;rate=BYTES</c> with the role of <see cref="MirrorApiAction"/>
/// (create takes the driver's spec as its body). The answer is the mirror's fresh status; a refusal of the driver is
/// 409 with its reason. Outdate, and pausing a sync target, go through consensus first (<see cref="OutdateAsync"/>,
/// <see cref="PauseAsync"/>).
/// </summary>
internal sealed partial class ControlApiServer
{
    /// <summary>This node's vigil-repd control socket, or null when the node runs none (mirroring off, witness).</summary>
    public MirrorControlClient? Repd { get; init; }

    /// <summary>Pauses carried out here, shared with the mirror watch so that it leaves their marks alone.</summary>
    public Vigil.Daemon.Mirror.MirrorPauses MirrorPauses { get; init; } = new();

    private void MapMirrors(WebApplication app)
    {
        app.MapGet("/v1/mirrors", (Delegate)MirrorsAsync);
        app.MapGet("/v1/mirrors/{name}", MirrorAsync);
        app.MapPost("/v1/mirrors/{name}/{action}", MirrorActionAsync);
    }

    private async Task<IResult> MirrorsAsync(HttpContext ctx)
    {
        if (Authenticate(ctx, ApiRole.Guest).Refusal is { } refusal)
        {
            return refusal;
        }

        var marks = await replicated.ReadAsync(s => new JsonArray([.. s.OutdatedMirrorCopies.Select(c => (JsonNode)c)]));
        if (Repd is null)
        {
            return Json(new JsonObject { ["node"] = config.LocalNode, ["repd"] = false, ["mirrors"] = new JsonArray(), ["outdatedCopies"] = marks });
        }

        return await RepdCallAsync("status", async () => Json(new JsonObject
        {
            ["node"] = config.LocalNode,
            ["repd"] = true,
            ["mirrors"] = new JsonArray([.. (await Repd.StatusAsync(ctx.RequestAborted)).Select(m => (JsonNode)StatusJson(m))]),
            ["outdatedCopies"] = marks,
        }));
    }

    private async Task<IResult> MirrorAsync(HttpContext ctx, string name)
    {
        if (Authenticate(ctx, ApiRole.Guest).Refusal is { } refusal)
        {
            return refusal;
        }

        return Repd is null ? NoRepd() : await RepdCallAsync("status", async () => Json(StatusJson(await Repd.StatusAsync(name, ctx.RequestAborted))));
    }

    private async Task<IResult> MirrorActionAsync(HttpContext ctx, string name, string action, string? peer, bool? force, string? rate)
    {
        if (MirrorApiAction.Find(action) is not { } known)
        {
            return Answer(StatusCodes.Status404NotFound, "unknown-action",
                $"no mirror action '{action}' (known: {string.Join(", ", MirrorApiAction.All.Select(a => a.Verb))})");
        }

        var (user, refusal) = Authenticate(ctx, MirrorApiAction.RoleFor(known, force ?? false));
        if (refusal is not null)
        {
            return refusal;
        }

        if (Repd is null)
        {
            return NoRepd();
        }

        long bytesPerSecond = 0;
        if (action == "throttle" && (rate is null || !long.TryParse(rate, NumberStyles.None, CultureInfo.InvariantCulture, out bytesPerSecond)))
        {
            return Answer(StatusCodes.Status400BadRequest, "bad-request", $"throttle: rate '{rate}' is not a whole number of bytes per second (0 = unlimited)");
        }

        MirrorSpec? spec = null;
        if (action == "create")
        {
            (spec, var problem) = await ReadSpecAsync(ctx, name);
            if (spec is null)
            {
                return Answer(StatusCodes.Status400BadRequest, "bad-request", problem!);
            }
        }

        var ct = ctx.RequestAborted;
        var answer = await RepdCallAsync(action, async () => Json(StatusJson(action switch
        {
            "pause" => await PauseAsync(user!, name, peer, ct),
            "resume" => await Repd.ResumeAsync(name, peer, ct),
            "throttle" => await Repd.ThrottleAsync(name, bytesPerSecond, ct),
            "promote" => await Repd.PromoteAsync(name, force ?? false, ct),
            "demote" => await Repd.DemoteAsync(name, ct),
            "create" => await Repd.CreateAsync(spec!, ct),
            "fullresync" => await Repd.FullResyncAsync(name, peer, ct),
            "discard" => await Repd.DiscardMyDataAsync(name, ct),
            _ => await OutdateAsync(user!, name, peer, ct),
        })));
        Log.MirrorAction(logger, user!.Name, action, name, peer ?? "-", (answer as IStatusCodeHttpResult)?.StatusCode ?? 200);
        return answer;
    }

    private static async Task<(MirrorSpec? Spec, string? Problem)> ReadSpecAsync(HttpContext ctx, string name)
    {
        try
        {
            var spec = await JsonSerializer.DeserializeAsync<MirrorSpec>(ctx.Request.Body, ControlJson.Options, ctx.RequestAborted);
            return spec is null ? (null, "create: the body must be the mirror's spec (JSON)")
                : spec.Name != name ? (null, $"create: the spec names mirror '{spec.Name}', the path '{name}'")
                : (spec, null);
        }
        catch (JsonException e)
        {
            return (null, $"create: the body is not a mirror spec ({e.Message})");
        }
    }

    /// <summary>Runs a driver call: its refusal is 409 with the driver's reason, an unreachable driver 503.</summary>
    private static async Task<IResult> RepdCallAsync(string what, Func<Task<IResult>> call)
    {
        try
        {
            return await call();
        }
        catch (ControlException e)
        {
            return Answer(StatusCodes.Status409Conflict, "repd-refused", $"vigil-repd refused {what}: {e.Message}");
        }
        catch (MirrorOutdateException e)
        {
            return Answer(e.Status, e.Code, e.Message);
        }
        catch (Exception e) when (e is System.Net.Sockets.SocketException or IOException)
        {
            return Answer(StatusCodes.Status503ServiceUnavailable, "repd-unreachable", $"this node's vigil-repd does not answer ({e.Message}); vigild restarts it when it dies");
        }
    }

    private IResult NoRepd() => Answer(StatusCodes.Status404NotFound, "no-repd",
        $"node {config.LocalNode} runs no vigil-repd (mirroring is on with [cluster] mirror-port; witnesses hold no copies)");

    private static JsonObject StatusJson(MirrorStatus status) => JsonSerializer.SerializeToNode(status, ControlJson.Options)!.AsObject();

    private static partial class Log
    {
        [LoggerMessage(1330, LogLevel.Information, "control API: user '{User}' sent mirror {Action} {Mirror} (peer {Peer}): {Status}")]
        public static partial void MirrorAction(ILogger logger, string user, string action, string mirror, string peer, int status);

        [LoggerMessage(1331, LogLevel.Information, "control API: user '{User}' outdates {Node}'s copy of {Mirror}: {Outcome}")]
        public static partial void MirrorOutdate(ILogger logger, string user, string node, string mirror, string outcome);
    }
}
