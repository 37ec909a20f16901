using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Vigil.Consensus;
using Vigil.Engine.Commands;
using Vigil.Journal;

namespace Vigil.Daemon.ControlApi;

internal sealed partial class ControlApiServer
{
    /// <summary>
    /// <c>POST /v1/commands/{name}</c>: proposes the command through consensus and answers the engine's verdict —
    /// 200 with the decision events, or 409 with the refusal's code and message. A follower forwards to the leader.
    /// </summary>
    private async Task<IResult> CommandAsync(HttpContext ctx, string name)
    {
        var command = ApiCommands.Find(name);
        if (command is null)
        {
            return Answer(StatusCodes.Status404NotFound, "unknown-command",
                $"no command '{name}' (known: {string.Join(", ", ApiCommands.All.Select(c => c.Route))})");
        }

        var (user, refusal) = Authenticate(ctx, command.Role);
        if (refusal is not null)
        {
            return refusal;
        }

        using var body = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(body, ctx.RequestAborted);
        var (input, problem) = Decode(command, body.ToArray());
        if (input is null)
        {
            return Answer(StatusCodes.Status400BadRequest, "bad-request", problem!);
        }

        if (!replicated.Consensus.IsLeader)
        {
            return await ForwardAsync(ctx, command, user!, body.ToArray());
        }

        var (proposal, verdict) = await replicated.ProposeAndAwaitAsync(input, ApplyTimeout, ctx.RequestAborted);
        switch (proposal.Outcome)
        {
            case ProposeOutcome.NotLeader:
                return await ForwardAsync(ctx, command, user!, body.ToArray());
            case ProposeOutcome.TimedOut:
                Log.Command(logger, user!.Name, command.Route, "timed out");
                return Answer(StatusCodes.Status504GatewayTimeout, "timed-out",
                    "no majority stored the command in time; the outcome is unknown (it may still be applied): check 'vigil status'");
        }

        if (verdict is null)
        {
            return Answer(StatusCodes.Status504GatewayTimeout, "not-applied",
                $"the command is committed but this node did not apply it within {ApplyTimeout.TotalSeconds:F0} s: check 'vigil status'");
        }

        if (verdict.Decision.Error is { } error)
        {
            Log.Command(logger, user!.Name, command.Route, "refused: " + error.Code);
            return Json(ApiJson.Error(error.Code, error.Message), StatusCodes.Status409Conflict);
        }

        Log.Command(logger, user!.Name, command.Route, $"{verdict.Decision.Events.Length} decisions");
        return Json(new JsonObject
        {
            ["command"] = command.Route,
            ["leader"] = config.LocalNode,
            ["term"] = proposal.Term,
            ["events"] = new JsonArray([.. verdict.Decision.Events.Select(e => (JsonNode)ApiJson.Event(e))]),
        });
    }

    /// <summary>The command from the body (the command's JSON fields, camelCase), or what is wrong with the body.</summary>
    private static (IEngineInput? Input, string? Problem) Decode(ApiCommand command, byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body.Length == 0 ? "{}"u8.ToArray() : body);
            var payload = new JsonObject { ["type"] = command.EventType, ["data"] = JsonNode.Parse(document.RootElement.GetRawText()) };
            var input = EngineInputCodec.Decode(Encoding.UTF8.GetBytes(payload.ToJsonString()));
            // System.Text.Json leaves a missing constructor argument null; the engine must never see that.
            var missing = input.GetType().GetProperties().FirstOrDefault(p => !p.PropertyType.IsValueType && p.GetValue(input) is null);
            if (missing is not null)
            {
                return (null, $"{command.Route}: field '{JsonNamingPolicy.CamelCase.ConvertName(missing.Name)}' is required");
            }

            return (input, null);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or UnknownEventTypeException)
        {
            return (null, $"{command.Route}: the body is not the command's JSON ({e.Message})");
        }
    }

    /// <summary>Sends the command to the leader's API with the caller's own credentials and relays the answer.</summary>
    private async Task<IResult> ForwardAsync(HttpContext ctx, ApiCommand command, ApiUser user, byte[] body)
    {
        var leader = replicated.Consensus.LeaderName;
        if (ctx.Request.Headers.ContainsKey(ForwardedHeader) || leader is null || leader == config.LocalNode)
        {
            return Answer(StatusCodes.Status503ServiceUnavailable, "no-leader",
                leader is null ? "no leader is known (is a majority of the nodes up?): try again" : $"leadership is moving (last known leader {leader}): try again");
        }

        var target = KnownNodes.FirstOrDefault(n => n.Name == leader)?.Api;
        if (target is null)
        {
            return Answer(StatusCodes.Status503ServiceUnavailable, "no-leader-api", $"the leader {leader} runs no control API (no 'api' address in its [node] section)");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Scheme}://{target}/v1/commands/{command.Route}") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = AuthenticationHeaderValue.Parse(ctx.Request.Headers.Authorization.ToString());
        request.Headers.Add(ForwardedHeader, config.LocalNode);
        try
        {
            using var response = await _forward.SendAsync(request, ctx.RequestAborted);
            var text = await response.Content.ReadAsStringAsync(ctx.RequestAborted);
            Log.Forwarded(logger, command.Route, user.Name, leader, (int)response.StatusCode);
            return Results.Text(text, "application/json", Encoding.UTF8, (int)response.StatusCode);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ctx.RequestAborted.IsCancellationRequested)
        {
            return Answer(StatusCodes.Status502BadGateway, "leader-unreachable", $"could not forward to the leader {leader} at {target}: {e.Message}");
        }
    }
}
