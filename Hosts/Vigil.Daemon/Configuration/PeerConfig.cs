using System.Net;

namespace Vigil.Daemon.Configuration;

/// <summary>A cluster node as the configuration describes it: its id (position in the file), its comm path endpoints and its consensus endpoint.</summary>
/// <param name="Raft">Where the node's consensus (Raft) member listens.</param>
/// <param name="Witness">A witness votes and beats but never holds resources (the tie-breaker of a two-node cluster).</param>
/// <param name="Api">Where the node's control API listens, if it runs one.</param>
internal sealed record PeerConfig(string Name, ushort Id, IPEndPoint? Udp, IPEndPoint? Tcp, string? Disk, IPEndPoint Raft, bool Witness = false, IPEndPoint? Api = null)
{
    /// <summary>The configured proposal relay endpoint, if any (see <see cref="RelayEndPoint"/>).</summary>
    public IPEndPoint? Relay { get; init; }

    /// <summary>Where followers send this node their inputs when it leads: <c>relay</c>, or the Raft port + 1.</summary>
    public IPEndPoint RelayEndPoint => Relay ?? new IPEndPoint(Raft.Address, Raft.Port + 1);
}
