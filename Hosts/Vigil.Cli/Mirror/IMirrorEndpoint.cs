using Vigil.ReplicationDriver.Client;

namespace Vigil.Cli.Mirror;

/// <summary>
/// Where `vigil mirror` sends its requests: the local vigil-repd's control socket (<see cref="SocketEndpoint"/>) or a
/// node's control API (<see cref="ApiEndpoint"/>, roles apply). Both answer the mirror's fresh status.
/// </summary>
internal interface IMirrorEndpoint
{
    /// <summary>Carries out <paramref name="request"/> (its command, mirror, peer, force, rate, spec).</summary>
    Task<MirrorStatus> SendAsync(ControlRequest request, CancellationToken ct);

    /// <summary>One mirror's status (what --wait polls).</summary>
    Task<MirrorStatus> StatusAsync(string mirror, CancellationToken ct);
}
