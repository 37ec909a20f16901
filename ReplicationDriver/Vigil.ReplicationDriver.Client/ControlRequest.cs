namespace Vigil.ReplicationDriver.Client;

/// <summary>One line sent on the control socket.</summary>
/// <param name="Command">create, status, pause, resume, fullresync, promote, demote, outdate, discard, throttle, verify.</param>
/// <param name="Mirror">The mirror the command is about (null for status of all mirrors).</param>
/// <param name="Peer">The peer the command is about, when it takes one.</param>
/// <param name="Force">Promote even when the local copy is not known to be up to date.</param>
/// <param name="Spec">The spec, for create.</param>
/// <param name="BytesPerSecond">The resync rate, for throttle (0 = unlimited).</param>
/// <param name="Chunks">The chunk numbers to compare with <paramref name="Peer"/>'s copy, for verify.</param>
public sealed record ControlRequest(
    string Command,
    string? Mirror = null,
    string? Peer = null,
    bool Force = false,
    MirrorSpec? Spec = null,
    long BytesPerSecond = 0,
    IReadOnlyList<long>? Chunks = null);
