namespace Vigil.Heartbeat.CommPaths;

/// <summary>
/// What one running <see cref="CommPath"/> serves: every committed path of one type that this node ends at the same
/// local address (a socket or a view of the disk region), and the peers at their other ends.
/// </summary>
internal sealed record PathGroup(string Type, string Local, IReadOnlyList<PathPeer> Peers)
{
    /// <summary>Equal signatures mean the running path can stay as it is.</summary>
    public string Signature => $"{Type} {Local} -> " + string.Join(", ", Peers.Select(p => $"{p.Name}#{p.Id}@{p.Address}"));
}
