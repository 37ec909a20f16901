using System.Buffers;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Vigil.ReplicationDriver.Client;
using Vigil.ReplicationDriver.Peers;

namespace Vigil.ReplicationDriver.Mirrors;

/// <summary>
/// Online verify (DRBD's <c>verify</c>, on a sample): the primary reads and hashes each chunk under the write-order lock
/// and sends the hash on the link in write order; the target, on its receive thread, has applied every earlier write by
/// then, so it hashes the same state of the chunk and answers whether it matches. Writes after the request change both
/// copies after both reads: a mismatch is a real divergence, never a write in flight.
/// </summary>
internal sealed partial class Mirror
{
    private const byte VerifyDiffers = 1;
    private readonly ConcurrentDictionary<ulong, TaskCompletionSource<bool>> verifying = new();
    private long nextVerifyId;

    /// <summary>
    /// Compares <paramref name="chunks"/> with <paramref name="peer"/>'s copy; refused unless that link mirrors. Sends the
    /// hashes now (in write order) and returns the wait for the answers, which the control socket runs outside its
    /// one-at-a-time slot: on a link that died unnoticed the answers never come, and that wait must not hold up status,
    /// pause or outdate for the whole timeout.
    /// </summary>
    public Func<ChunkVerification> BeginVerify(string peer, IReadOnlyList<long> chunks, TimeSpan timeout)
    {
        this.RequirePrimary("verify");
        var link = this.FindLink(peer) ?? throw new InvalidOperationException($"no peer {peer}");
        var chunkSize = this.Meta.Spec.ChunkSize;
        var count = (this.Meta.Spec.SizeBytes + chunkSize - 1) / chunkSize;
        var outside = chunks.FirstOrDefault(c => c < 0 || c >= count, -1);
        if (outside >= 0)
        {
            throw new ArgumentException($"verify: chunk {outside} is outside the volume (chunks 0 to {count - 1})");
        }

        var asked = new List<(long Chunk, ulong Id, Task<bool> Same)>(chunks.Count);
        var buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
        try
        {
            foreach (var chunk in chunks)
            {
                var id = (ulong)Interlocked.Increment(ref this.nextVerifyId);
                var answer = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                this.verifying[id] = answer;
                asked.Add((chunk, id, answer.Task));
                lock (this.writeOrder)
                {
                    if (link.State != PeerLinkState.Mirroring || !link.Receiving || link.Connection is not { } connection)
                    {
                        throw new InvalidOperationException($"refused: the link to {peer} is {link.State.ToString().ToLowerInvariant()}; only a mirroring peer's copy can be verified");
                    }

                    var data = buffer.AsSpan(0, ChunkLength(chunk));
                    this.volume.Read(data, chunk * chunkSize);
                    TrySend(connection, FrameType.VerifyRequest, 0, id, chunk * chunkSize, SHA256.HashData(data));
                }
            }
        }
        catch
        {
            this.ForgetVerify(asked);
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return () =>
        {
            try
            {
                if (!Task.WaitAll([.. asked.Select(a => (Task)a.Same)], timeout))
                {
                    var answered = asked.Count(a => a.Same.IsCompleted);
                    throw new InvalidOperationException($"verify: {peer} answered {answered} of {asked.Count} chunks within {timeout.TotalSeconds:0} s (link lost, or a vigil-repd without verify)");
                }

                var differing = asked.Where(a => !a.Same.Result).Select(a => a.Chunk).Order().ToList();
                if (differing.Count > 0)
                {
                    LogVerifyMismatch(this.logger, this.Name, peer, differing.Count, asked.Count, string.Join(", ", differing.Take(32)));
                }

                return new ChunkVerification(peer, chunkSize, asked.Count, differing);
            }
            finally
            {
                this.ForgetVerify(asked);
            }
        };
    }

    private void ForgetVerify(List<(long Chunk, ulong Id, Task<bool> Same)> asked)
    {
        foreach (var a in asked)
        {
            this.verifying.TryRemove(a.Id, out _);
        }
    }

    /// <summary>Target side, on the receive thread: every frame before this one is applied, so the chunk is the state the primary hashed.</summary>
    private void AnswerVerify(PeerConnection connection, FrameHeader header, ReadOnlySpan<byte> theirs)
    {
        var chunkSize = this.Meta.Spec.ChunkSize;
        if (header.Offset < 0 || header.Offset >= this.Meta.Spec.SizeBytes || header.Offset % chunkSize != 0)
        {
            TrySend(connection, FrameType.VerifyReply, VerifyDiffers, header.Id, header.Offset, []);
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(chunkSize);
        try
        {
            var data = buffer.AsSpan(0, this.ChunkLength(header.Offset / chunkSize));
            this.volume.Read(data, header.Offset);
            var same = SHA256.HashData(data).AsSpan().SequenceEqual(theirs);
            TrySend(connection, FrameType.VerifyReply, same ? (byte)0 : VerifyDiffers, header.Id, header.Offset, []);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Source side: an answer completes its request (an answer nobody waits for any more is dropped).</summary>
    private void OnVerifyReply(FrameHeader header)
    {
        if (this.verifying.TryRemove(header.Id, out var answer))
        {
            answer.TrySetResult((header.Flags & VerifyDiffers) == 0);
        }
    }

    private int ChunkLength(long chunk) => (int)Math.Min(this.Meta.Spec.ChunkSize, this.Meta.Spec.SizeBytes - (chunk * this.Meta.Spec.ChunkSize));

    [LoggerMessage(EventId = 230, Level = LogLevel.Warning, Message = "{Mirror}: verify found {Differing} of {Compared} chunks differing on {Peer}: {Chunks}")]
    private static partial void LogVerifyMismatch(ILogger logger, string mirror, string peer, int differing, int compared, string chunks);
}
