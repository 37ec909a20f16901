namespace Vigil.Membership;

/// <summary>
/// One heartbeat as sent on a comm path.
/// </summary>
/// <param name="ConfigVersion">The sender's cluster configuration version; receivers on another version refuse it.</param>
/// <param name="Sender">Sender's node id (its index in the cluster configuration).</param>
/// <param name="Incarnation">The sender's boot counter, persisted and increased at every start.</param>
/// <param name="Sequence">Per-incarnation sequence, increasing with every frame on every path.</param>
/// <param name="Path">Comm path id the frame was sent on.</param>
public readonly record struct HeartbeatFrame(long ConfigVersion, ushort Sender, long Incarnation, long Sequence, byte Path);
