namespace Vigil.ReplicationDriver.Client;

/// <summary>The answer to <c>verify</c>: chunks of the primary's copy compared with one peer's.</summary>
/// <param name="Peer">The peer compared with.</param>
/// <param name="ChunkSize">The chunk size in bytes (chunk N starts at N × ChunkSize).</param>
/// <param name="Compared">How many chunks were compared.</param>
/// <param name="Differing">The chunk numbers whose contents differ, ascending (empty when the copies agree).</param>
public sealed record ChunkVerification(string Peer, int ChunkSize, int Compared, IReadOnlyList<long> Differing);
