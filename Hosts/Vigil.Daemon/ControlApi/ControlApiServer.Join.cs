using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Vigil.Consensus;
using Vigil.Daemon.Consensus;
using Vigil.Daemon.Quorum;
using Vigil.Engine.Commands;
using Vigil.Engine.Decisions;
using Vigil.Engine.Model;

namespace Vigil.Daemon.ControlApi;

/// <summary>
/// <c>POST /v1/commands/cluster-join</c> (admin): adds a new node, which runs vigild with <c>[local] join</c>. On the
/// leader, in this order: the join is checked against the replicated state (so Raft never gains a voter the engine
/// would refuse); Raft adds the node (it receives the whole log first: an unreachable node, or one with another
/// cluster certificate, is refused here); then <see cref="ClusterConfigurationCommands.JoinNode"/> is committed and
/// every node starts its comm paths to it. A follower forwards the request to the leader.
/// </summary>
internal sealed partial class ControlApiServer
{
    private static readonly ApiCommand JoinCommand = new("cluster-join", "command.join-node.v1", ApiRole.Admin);
    private static readonly TimeSpan RaftAddTimeout = TimeSpan.FromSeconds(30);

    private async Task<IResult> JoinAsync(HttpContext ctx)
    {
        var (user, refusal) = Authenticate(ctx, ApiRole.Admin);
        if (refusal is not null)
        {
            return refusal;
        }

        using var body = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(body, ctx.RequestAborted);
        if (!replicated.Consensus.IsLeader)
        {
            return await ForwardAsync(ctx, JoinCommand, user!, body.ToArray());
        }

        var members = replicated.Members?.Describe() ?? [.. config.Nodes.Select(ClusterMembers.ToSpec)];
        var (node, problem) = ParseJoin(body.ToArray(), members);
        if (node is null)
        {
            return Answer(StatusCodes.Status400BadRequest, "bad-request", problem!);
        }

        if (QuorumProblem(node, members) is { } quorum)
        {
            return Refused(user!, "two-node-needs-witness", quorum);
        }

        if (await replicated.ReadAsync(s => NodeJoinRules.Check(s, node, members)) is { } error)
        {
            return Refused(user!, error.Code, error.Message);
        }

        var raft = IPEndPoint.Parse(node.Raft);
        var added = await replicated.Consensus.AddMemberAsync(node.Name, raft, RaftAddTimeout, ctx.RequestAborted);
        switch (added)
        {
            case MemberChange.NotLeader:
                return await ForwardAsync(ctx, JoinCommand, user!, body.ToArray());
            case MemberChange.Unreachable or MemberChange.TimedOut:
                return Refused(user!, "unreachable",
                    $"raft: no joining vigild answered at {node.Raft} within {RaftAddTimeout.TotalSeconds:F0} s ({added}): start it with '[local] join' and this cluster's key and certificate (a node with another certificate fails the TLS handshake), and check that {node.Raft} is reachable from {config.LocalNode}");
        }

        var (proposal, verdict) = await replicated.ProposeAndAwaitAsync(new ClusterConfigurationCommands.JoinNode(node, members), ApplyTimeout, ctx.RequestAborted);
        if (!proposal.IsCommitted || verdict is null)
        {
            return Answer(StatusCodes.Status504GatewayTimeout, "timed-out",
                $"Raft added {node.Name} as a voter but its description was not committed in time ({proposal.Outcome}): check 'vigil status' and run the join again (it is refused if it took effect)");
        }

        if (verdict.Decision.Error is { } late)
        {
            // Refused although the check passed (a concurrent change): take the voter back out.
            await replicated.Consensus.RemoveMemberAsync(raft, RaftAddTimeout, CancellationToken.None);
            return Refused(user!, late.Code, late.Message);
        }

        Log.Command(logger, user!.Name, JoinCommand.Route, $"{node.Name} joined (id {node.Id}, raft {node.Raft})");
        return Json(new JsonObject
        {
            ["command"] = JoinCommand.Route,
            ["leader"] = config.LocalNode,
            ["term"] = proposal.Term,
            ["node"] = node.Name,
            ["id"] = node.Id,
            ["events"] = new JsonArray([.. verdict.Decision.Events.Select(e => (JsonNode)ApiJson.Event(e))]),
        });
    }

    private IResult Refused(ApiUser user, string code, string message)
    {
        Log.Command(logger, user.Name, JoinCommand.Route, "refused: " + code);
        return Json(ApiJson.Error(code, message), StatusCodes.Status409Conflict);
    }

    /// <summary>The new node from the body (name, id, raft, and relay, api, udp, tcp, disk, witness as it runs them); without an id, the next free heartbeat id.</summary>
    private static (NodeSpec? Node, string? Problem) ParseJoin(byte[] body, IReadOnlyCollection<NodeSpec> members)
    {
        JsonObject? json;
        try
        {
            json = JsonNode.Parse(body.Length == 0 ? "{}" : System.Text.Encoding.UTF8.GetString(body)) as JsonObject;
        }
        catch (JsonException e)
        {
            return (null, $"cluster-join: the body is not JSON ({e.Message})");
        }

        if (json is null)
        {
            return (null, "cluster-join: the body must be a JSON object");
        }

        string? Text(string field) => json[field] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
        var name = Text("name");
        var raft = Text("raft");
        if (name is null || raft is null)
        {
            return (null, $"cluster-join: field '{(name is null ? "name" : "raft")}' is required");
        }

        var relay = Text("relay");
        if (relay is null && IPEndPoint.TryParse(raft, out var raftEndPoint) && raftEndPoint.Port < ushort.MaxValue)
        {
            relay = new IPEndPoint(raftEndPoint.Address, raftEndPoint.Port + 1).ToString(); // vigild's default: the raft port + 1
        }

        var witness = json["witness"] is JsonValue w && w.TryGetValue<bool>(out var isWitness) && isWitness;
        // The node beats with the id of its own file ('id' in its [node] section): the cluster must use the same.
        var id = json["id"] is JsonValue i && i.TryGetValue<int>(out var given) ? given : members.Count == 0 ? 0 : members.Max(m => m.Id) + 1;
        return (new NodeSpec(name, id, raft, relay ?? raft, Text("api"), Text("udp"), Text("tcp"), Text("disk"), witness), null);
    }

    /// <summary>Two members without a witness cannot form a majority without each other: refused unless <c>quorum = none</c>.</summary>
    private string? QuorumProblem(NodeSpec node, IReadOnlyCollection<NodeSpec> members)
    {
        var all = members.Append(node).ToList();
        return config.Quorum.Mode != QuorumMode.None && all.Count(n => !n.Witness) == 2 && !all.Any(n => n.Witness)
            ? $"name: '{node.Name}' would make a two-node cluster without a witness; join a witness ('witness': true) first, or run with 'quorum = none'"
            : null;
    }
}
