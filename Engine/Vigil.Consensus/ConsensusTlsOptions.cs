using System.Security.Cryptography.X509Certificates;

namespace Vigil.Consensus;

/// <summary>
/// Mutual TLS for Raft traffic. Every member presents <see cref="Certificate"/> as server and as client, and accepts a
/// peer only when the peer's certificate chains to <see cref="ClusterAuthority"/> (a pinned root, not the system store).
/// With one shared self-signed cluster certificate, pass it as both.
/// </summary>
public sealed class ConsensusTlsOptions
{
    /// <summary>This node's identity, with its private key.</summary>
    public required X509Certificate2 Certificate { get; init; }

    /// <summary>The only root a peer certificate may chain to: the cluster's CA, or the shared cluster certificate itself.</summary>
    public required X509Certificate2 ClusterAuthority { get; init; }

    /// <summary>The TLS server name clients ask for. Not checked against DNS: identity is the chain to <see cref="ClusterAuthority"/>.</summary>
    public string TargetHost { get; init; } = "vigil-cluster";
}
