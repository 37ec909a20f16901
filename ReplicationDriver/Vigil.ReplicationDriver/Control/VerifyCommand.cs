using Vigil.ReplicationDriver.Client;
using Vigil.ReplicationDriver.Mirrors;

namespace Vigil.ReplicationDriver.Control;

/// <summary>
/// <c>verify</c>: the request's chunks (at most <see cref="MaxChunks"/>, each named once, inside the volume) compared
/// with the peer's copy. Bounded in time; the wait for the answers (<see cref="Mirror.BeginVerify"/>) runs outside the
/// control socket's one-at-a-time slot.
/// </summary>
internal static class VerifyCommand
{
    public const int MaxChunks = 4096;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static Func<ChunkVerification> Begin(Mirror mirror, ControlRequest request)
    {
        var peer = request.Peer ?? throw new ArgumentException("verify needs a peer");
        var chunks = request.Chunks ?? throw new ArgumentException("verify needs the chunk numbers to compare");
        if (chunks.Count is 0 or > MaxChunks)
        {
            throw new ArgumentException($"verify: {chunks.Count} chunks given; compare 1 to {MaxChunks} at a time");
        }

        if (chunks.Distinct().Count() != chunks.Count)
        {
            throw new ArgumentException("verify: a chunk is named twice");
        }

        return mirror.BeginVerify(peer, chunks, Timeout);
    }
}
