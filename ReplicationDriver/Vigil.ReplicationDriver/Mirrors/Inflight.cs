namespace Vigil.ReplicationDriver.Mirrors;

/// <summary>
/// A frame sent to a peer and not yet acknowledged: its range goes back into the bitmap if the link drops.
/// <paramref name="Unmetered"/>: an async frame that carries no data (a trim), so it never counted against the async window.
/// </summary>
internal readonly record struct Inflight(long Offset, int Length, IoCompletion? Completion, bool Resync, bool Unmetered = false);
