using Vigil.ReplicationDriver.Client;

namespace Vigil.Cli.Mirror;

/// <summary>The local vigil-repd's control socket: works on a node without vigild, root only (the socket is 0600).</summary>
internal sealed class SocketEndpoint(MirrorControlClient client) : IMirrorEndpoint
{
    public async Task<MirrorStatus> SendAsync(ControlRequest request, CancellationToken ct) =>
        (await client.SendAsync(request, ct)).Mirrors is [var one, ..] ? one : throw new ControlException("no status in response");

    public Task<MirrorStatus> StatusAsync(string mirror, CancellationToken ct) => client.StatusAsync(mirror, ct);
}
