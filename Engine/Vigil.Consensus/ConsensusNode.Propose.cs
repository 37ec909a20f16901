using DotNext.Net.Cluster.Consensus.Raft;
using Vigil.Engine.Commands;

namespace Vigil.Consensus;

public sealed partial class ConsensusNode
{
    /// <summary>Proposes one engine input (encoded by <see cref="EngineInputCodec"/>); see <see cref="ProposeAsync(ReadOnlyMemory{byte}, CancellationToken)"/>.</summary>
    public Task<ProposeResult> ProposeAsync(IEngineInput input, CancellationToken cancellationToken = default) =>
        ProposeAsync(EngineInputCodec.Encode(input, DateTimeOffset.UtcNow), cancellationToken);

    /// <summary>
    /// Appends <paramref name="payload"/> to the Raft log on this node, which must be the leader, and waits until a
    /// majority has stored it (then it is committed) or <see cref="ConsensusOptions.ProposeTimeout"/> passes.
    /// </summary>
    /// <returns>
    /// <see cref="ProposeOutcome.Committed"/>; <see cref="ProposeOutcome.NotLeader"/> (nothing appended); or
    /// <see cref="ProposeOutcome.TimedOut"/> (outcome unknown: a later leader may still commit it).
    /// </returns>
    /// <exception cref="ArgumentException">The payload is empty (empty entries are Raft's own no-ops).</exception>
    /// <exception cref="InvalidOperationException">The node is not running.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<ProposeResult> ProposeAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        if (payload.IsEmpty)
        {
            throw new ArgumentException("An entry must not be empty.", nameof(payload));
        }

        var cluster = Running ?? throw new InvalidOperationException($"Consensus node '{Name}' is not running.");

        if (!IsLeader)
        {
            return Result(ProposeOutcome.NotLeader);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.ProposeTimeout);
        try
        {
            // DotNext 6.12: completes once committed by a majority (despite older docs, it returns no bool).
            await cluster.ReplicateAsync(payload, context: null, deadline.Token).ConfigureAwait(false);
            // Followers learn the new commit index only with the next AppendEntries: send it now rather than at the
            // next heartbeat (up to half an election timeout later), so the node that must act on it acts at once.
            _ = cluster.ForceReplicationAsync(CancellationToken.None).AsTask().ContinueWith(static t => _ = t.Exception, TaskScheduler.Default);
            return Result(ProposeOutcome.Committed);
        }
        catch (InvalidOperationException)
        {
            // Deposed between our check and the append, or after it: either way the caller must go to the leader,
            // and an entry appended before deposition may still commit (as for TimedOut).
            return Result(IsLeader ? ProposeOutcome.TimedOut : ProposeOutcome.NotLeader);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Our deadline, or DotNext cancelling because this node stepped down.
            LogProposeTimedOut(Name, _options.ProposeTimeout.TotalMilliseconds);
            return Result(ProposeOutcome.TimedOut);
        }
    }

    private ProposeResult Result(ProposeOutcome outcome) => new(outcome, LeaderName, Term);
}
