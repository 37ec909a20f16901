namespace Vigil.ReplicationDriver.Mirrors;

/// <summary>A frame sent to a peer and not yet acknowledged: its range goes back into the bitmap if the link drops.</summary>
internal readonly record struct Inflight(long Offset, int Length, IoCompletion? Completion, bool Resync);
