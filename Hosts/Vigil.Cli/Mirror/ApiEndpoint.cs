using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vigil.Cli.Api;
using Vigil.ReplicationDriver.Client;

namespace Vigil.Cli.Mirror;

/// <summary>
/// A node's vigil-repd through its control API: <c>POST /v1/mirrors/NAME/COMMAND?peer=&amp;force=&amp;rate=</c> (create
/// sends the spec as body) and <c>GET /v1/mirrors/NAME</c>. Refusals come back as <see cref="ApiFailure"/>.
/// </summary>
internal sealed class ApiEndpoint(ApiClient client) : IMirrorEndpoint
{
    public async Task<MirrorStatus> SendAsync(ControlRequest request, CancellationToken ct)
    {
        var mirror = request.Mirror ?? request.Spec?.Name ?? throw new ArgumentException("which mirror?");
        var query = new List<string>();
        if (request.Peer is not null)
        {
            query.Add("peer=" + Uri.EscapeDataString(request.Peer));
        }

        if (request.Force)
        {
            query.Add("force=true");
        }

        if (request.Command == "throttle")
        {
            query.Add("rate=" + request.BytesPerSecond.ToString(CultureInfo.InvariantCulture));
        }

        var path = $"/v1/mirrors/{Uri.EscapeDataString(mirror)}/{request.Command}" + (query.Count == 0 ? string.Empty : "?" + string.Join('&', query));
        var body = request.Spec is null ? null : JsonSerializer.SerializeToNode(request.Spec, ControlJson.Options);
        return Parse(await client.PostAsync(path, body, ct));
    }

    public async Task<MirrorStatus> StatusAsync(string mirror, CancellationToken ct) =>
        Parse(await client.GetAsync("/v1/mirrors/" + Uri.EscapeDataString(mirror), ct));

    public static MirrorStatus Parse(JsonNode answer) =>
        answer.Deserialize<MirrorStatus>(ControlJson.Options) ?? throw new ApiFailure(CliApp.Unreachable, "the control API answered no mirror status");
}
