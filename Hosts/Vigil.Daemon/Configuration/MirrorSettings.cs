using System.Net;

namespace Vigil.Daemon.Configuration;

/// <summary>The node's vigil-repd: where it keeps its mirrors, its peer port (the same on every node), its peer secret.</summary>
/// <param name="Port">The peer port every node's vigil-repd listens on, at the node's Raft address.</param>
/// <param name="SecretFile">The shared secret that authenticates peer links.</param>
/// <param name="Executable">vigil-repd (an executable, or a .dll run with dotnet).</param>
/// <param name="Directory">The driver's data directory (mirrors, bitmaps, control socket).</param>
internal sealed record MirrorSettings(int Port, string SecretFile, string Executable, string Directory)
{
    /// <summary>vigil-repd's <c>--nbd-*</c> options (export address and TLS) and <c>--io-realtime-priority</c>, from <c>[local] mirror-nbd-*</c> and <c>mirror-io-realtime-priority</c>.</summary>
    public IReadOnlyList<string> NbdArgs { get; init; } = [];

    public string ControlSocket => Path.Combine(Directory, "control.sock");

    public string AddressOf(PeerConfig node) => new IPEndPoint(node.Raft.Address, Port).ToString();
}
