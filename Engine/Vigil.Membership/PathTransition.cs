namespace Vigil.Membership;

/// <summary>A comm path to <paramref name="Peer"/> changed state (journaled by the node host).</summary>
/// <param name="Silence">How long no beat had been accepted on the path when it was found DEAD (zero for ALIVE).</param>
public sealed record PathTransition(string Peer, string Path, PathState From, PathState To, TimeSpan Silence);
