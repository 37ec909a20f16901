using System.Buffers;
using System.Threading.Channels;
using DotNext.IO;
using DotNext.Net.Cluster.Consensus.Raft.StateMachine;

namespace Vigil.Consensus;

/// <summary>
/// The DotNext state machine behind <see cref="ConsensusNode.Committed"/>: it keeps no state of its own and forwards
/// every committed entry to the channel. It never takes a snapshot, so a restarted node's WAL re-applies the whole
/// committed log from index 1 — which is exactly what lets the consumer rebuild a fresh engine by replay.
/// </summary>
internal sealed class CommittedLog(DirectoryInfo snapshots, ChannelWriter<CommittedEntry> sink) : SimpleStateMachine(snapshots)
{
    // DotNext never calls ApplyAsync concurrently; the guard makes "once per index per lifetime" independent of that.
    private long _lastApplied;
    private long _lastDelivered;

    /// <summary>The highest index seen by this state machine (delivered or skipped).</summary>
    public long LastApplied => Volatile.Read(ref _lastApplied);

    /// <summary>
    /// The highest index written to the channel (0 before the first): skipped entries never raise it. Written before
    /// DotNext raises the log's applied index past it (see <see cref="ConsensusNode.HasApplied"/>).
    /// </summary>
    public long LastDelivered => Volatile.Read(ref _lastDelivered);

    protected override ValueTask<bool> ApplyAsync(LogEntry entry, CancellationToken token)
    {
        if (entry.Index <= _lastApplied)
        {
            return ValueTask.FromResult(false);
        }

        Volatile.Write(ref _lastApplied, entry.Index);

        // Skip DotNext's own entries: cluster configuration and the empty no-op every new leader appends.
        if (!entry.IsConfiguration && entry.TryGetPayload(out var payload) && !payload.IsEmpty)
        {
            // Copy: the WAL reuses its buffers once ApplyAsync returns. Unbounded: TryWrite only fails after Complete.
            sink.TryWrite(new CommittedEntry(entry.Index, entry.Term, payload.ToArray()));
            Volatile.Write(ref _lastDelivered, entry.Index);
        }

        return ValueTask.FromResult(false); // never snapshot; see the type's remarks
    }

    // Never called: ApplyAsync never asks for a snapshot.
    protected override ValueTask PersistAsync(IAsyncBinaryWriter writer, CancellationToken token) => ValueTask.CompletedTask;

    // No snapshot is ever written, so there is nothing to restore.
    protected override ValueTask RestoreAsync(FileInfo snapshotFile, CancellationToken token) => ValueTask.CompletedTask;
}
