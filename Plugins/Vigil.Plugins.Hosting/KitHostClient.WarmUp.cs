using System.Text.Json;
using Vigil.Plugins.Abstractions;

namespace Vigil.Plugins.Hosting;

/// <summary>
/// The client's side of the host's warm-up (<see cref="KitHostServer"/>): the protocol's JSON contracts as a run and
/// a describe use them, serialized once when a host starts, so the first action (on a backup, the first restore of
/// a failover) does not build their metadata. Local only: nothing is sent.
/// </summary>
public sealed partial class KitHostClient
{
    private static void WarmUpProtocol()
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal) { ["warm-up"] = "warm-up" };
        var run = new HostRequest
        {
            Op = "run",
            Run = new KitActionRequest { Type = "warm-up", Action = KitAction.Restore, Tag = "warm-up", Id = "warm-up", Node = "warm-up", Parameters = parameters, Timeout = TimeSpan.FromSeconds(1) },
        };
        _ = JsonSerializer.Deserialize<HostRequest>(JsonSerializer.SerializeToUtf8Bytes(run, ProtocolJson.Options), ProtocolJson.Options);
        _ = JsonSerializer.SerializeToUtf8Bytes(new HostRequest { Op = "describe", Type = "warm-up", Parameters = parameters }, ProtocolJson.Options);
        var answer = new HostResponse { Result = ActionResult.Success("warm-up"), Definition = new ResourceTypeDefinition { Name = "warm-up" } };
        _ = JsonSerializer.Deserialize<HostResponse>(JsonSerializer.SerializeToUtf8Bytes(answer, ProtocolJson.Options), ProtocolJson.Options);
    }
}
