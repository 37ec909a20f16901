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
internal sealed partial class ReplicatedEngine(ConsensusNode consensus, JournaledEngine engine, string dataDir) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly string _appliedFile = Path.Combine(dataDir, "raft-applied");
    private Task? _applying;
    private long _journaledUpTo;

    public ConsensusNode Consensus => consensus;

    public long AppliedIndex { get; private set; }

    public void Start(CancellationToken stopping)
    {
        _journaledUpTo = File.Exists(_appliedFile)
            ? long.Parse(File.ReadAllText(_appliedFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture)
            : 0;
        _applying = Task.Run(() => ApplyLoopAsync(stopping), CancellationToken.None);
    }

    public Task<ProposeResult> ProposeAsync(IEngineInput input, CancellationToken cancellationToken) =>
        consensus.ProposeAsync(input, cancellationToken);

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

    private async Task ApplyLoopAsync(CancellationToken stopping)
    {
        await foreach (var entry in consensus.Committed.ReadAllAsync(stopping))
        {
            var input = EngineInputCodec.Decode(entry.Payload);
            await _gate.WaitAsync(stopping);
            try
            {
                if (entry.Index <= _journaledUpTo)
                {
                    engine.Engine.Decide(input); // rebuilding: already in the local journal
                }
                else
                {
                    var result = await engine.SubmitAsync(input, cancellationToken: stopping);
                    _journaledUpTo = entry.Index;
                    await PersistAppliedAsync(entry.Index);
                    Settle(entry.Payload, result);
                }

                AppliedIndex = entry.Index;
            }
            finally
            {
                _gate.Release();
            }
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
