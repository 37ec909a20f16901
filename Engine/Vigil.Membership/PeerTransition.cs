namespace Vigil.Membership;

/// <summary>A peer became unreachable on every path (<paramref name="Reachable"/> false) or reachable again.</summary>
public sealed record PeerTransition(string Peer, bool Reachable);
