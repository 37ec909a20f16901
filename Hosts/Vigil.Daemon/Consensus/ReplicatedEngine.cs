using System.Globalization;
using Vigil.Consensus;
using Vigil.Engine.Commands;
using Vigil.Engine.Runtime;
using Vigil.Engine.State;

namespace Vigil.Daemon.Consensus;

/// <summary>
/// The engine as a replicated state machine: every input that changes cluster state is committed through Raft
/// first, and every node applies the committed inputs in log order to its own engine — so all nodes make the same
/// decisions, and a minority side can commit (and so decide) nothing. Committed entries already journaled before a
/// restart are re-applied to rebuild the state without being journaled twice (the applied index is persisted).
/// </summary>
internal sealed partial class ReplicatedEngine(ConsensusNode consensus, ProposalRelay relay, JournaledEngine engine, string dataDir) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _appliedFile = Path.Combine(dataDir, "raft-applied");
    private Task? _applying;
    private long _journaledUpTo;

    public ConsensusNode Consensus => consensus;

    public long AppliedIndex { get; private set; }

    /// <summary>
    /// True once this node has applied everything it knows to be committed and knows a leader: its state is current,
    /// so acting on it (running actions, reporting checks) cannot act on a decision a later entry already undid —
    /// and its comm paths match the applied configuration (<see cref="PathsVersion"/>). A joining node is not caught
    /// up before Raft has added it as a voter (it has then received the whole log).
    /// </summary>
    public bool IsCaughtUp => consensus.LeaderName is not null && consensus.HasApplied(AppliedIndex) && PathsCurrent && consensus.IsVoter;

    /// <summary>Raised after every applied entry (outside the state lock).</summary>
    public event Action? Applied;

    public void Start(CancellationToken stopping)
    {
        _journaledUpTo = File.Exists(_appliedFile)
            ? long.Parse(File.ReadAllText(_appliedFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture)
            : 0;
        _applying = Task.Run(() => ApplyOrDieAsync(stopping), CancellationToken.None);
    }

    public Task<ProposeResult> ProposeAsync(IEngineInput input, CancellationToken cancellationToken) =>
        consensus.ProposeAsync(input, cancellationToken);

    /// <summary>Proposes through whichever node leads (see <see cref="ProposalRelay.SubmitAsync"/>); the input must be harmless when repeated.</summary>
    public Task<ProposeResult> SubmitAsync(IEngineInput input, TimeSpan deadline, CancellationToken cancellationToken) =>
        relay.SubmitAsync(input, deadline, cancellationToken);

    /// <summary>Journals a local observation (it decides nothing, so it needs no consensus).</summary>
    public async Task RecordLocalAsync(IEngineInput observation)
    {
        await _gate.WaitAsync();
        try
        {
            await engine.SubmitAsync(observation);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Reads the replicated state consistently with the apply loop.</summary>
    public async Task<T> ReadAsync<T>(Func<ClusterState, T> read)
    {
        await _gate.WaitAsync();
        try
        {
            return read(engine.Engine.State);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_applying is not null)
        {
            try
            {
                await _applying;
            }
            catch (OperationCanceledException)
            {
            }
        }

        _gate.Dispose();
    }

    /// <summary>Receives the applied-loop failure before the process ends (the host logs it).</summary>
    public Action<Exception>? OnApplyFailure { get; init; }

    /// <summary>
    /// A member that cannot apply a committed entry would drift from the others while still voting: it stops at once
    /// (its supervisor restarts it, and the rebuild from the log shows the entry that fails).
    /// </summary>
    private async Task ApplyOrDieAsync(CancellationToken stopping)
    {
        try
        {
            await ApplyLoopAsync(stopping);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            OnApplyFailure?.Invoke(ex);
            Environment.FailFast("vigild cannot apply a committed consensus entry: " + ex.Message, ex);
        }
    }

    private async Task ApplyLoopAsync(CancellationToken stopping)
    {
        await foreach (var entry in consensus.Committed.ReadAllAsync(stopping))
        {
            var (input, at) = EngineInputCodec.DecodeStamped(entry.Payload);
            await _gate.WaitAsync(stopping);
            try
            {
                if (entry.Index <= _journaledUpTo)
                {
                    // Rebuilding: already in the local journal. Decided at the stamped time, as when it was journaled.
                    _ = at is { } stamped ? engine.Engine.Decide(input, stamped) : engine.Engine.Decide(input);
                }
                else
                {
                    var started = System.Diagnostics.Stopwatch.GetTimestamp();
                    var result = await engine.SubmitAsync(input, cancellationToken: stopping, at: at);
                    var journaled = System.Diagnostics.Stopwatch.GetTimestamp();
                    _journaledUpTo = entry.Index;
                    await PersistAppliedAsync(entry.Index);
                    Settle(entry.Payload, result);
                    Log.EntryApplied(Logger, entry.Index, input.GetType().Name,
                        System.Diagnostics.Stopwatch.GetElapsedTime(started, journaled).TotalMilliseconds, System.Diagnostics.Stopwatch.GetElapsedTime(journaled).TotalMilliseconds);
                }

                AppliedIndex = entry.Index;
                NoteConfiguration();
            }
            finally
            {
                _gate.Release();
            }


            Applied?.Invoke();
        }
    }

    private async Task PersistAppliedAsync(long index)
    {
        var temp = _appliedFile + ".tmp";
        await using (var f = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            await f.WriteAsync(System.Text.Encoding.ASCII.GetBytes(index.ToString(CultureInfo.InvariantCulture)));
            f.Flush(flushToDisk: true);
        }

        File.Move(temp, _appliedFile, overwrite: true);
    }
}
