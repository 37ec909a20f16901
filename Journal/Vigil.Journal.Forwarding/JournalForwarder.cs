using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Vigil.Journal.Forwarding;

/// <summary>
/// Copies a node's local journal (the source, normally the embedded store) into the cluster-wide store (the target,
/// normally Marten) in batches, from a persisted checkpoint. Every event arrives exactly once: appends are
/// idempotent by event id, events the target already holds (per-node sequence at or below the target's node head)
/// are skipped after a restart, and the checkpoint only moves after the target confirmed a batch. While the target
/// is unreachable <see cref="RunAsync"/> retries with exponential backoff; the node keeps journaling locally.
/// </summary>
public sealed partial class JournalForwarder
{
    private readonly IJournalStore _source;
    private readonly IJournalStore _target;
    private readonly JournalForwarderOptions _options;
    private readonly ILogger _logger;
    private Dictionary<string, long>? _targetHeads;
    private long _failedAttempts;

    public JournalForwarder(IJournalStore source, IJournalStore target, JournalForwarderOptions options, ILogger<JournalForwarder>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1);
        _source = source;
        _target = target;
        _options = options;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        Checkpoint = ForwardCheckpoint.Load(options.CheckpointPath);
    }

    /// <summary>The last source position stored in the target (persisted in the checkpoint file).</summary>
    public long Checkpoint { get; private set; }

    /// <summary>Failed attempts since this forwarder started (health and specs watch it).</summary>
    public long FailedAttempts => Interlocked.Read(ref _failedAttempts);

    /// <summary>The most recent failure, or null once an attempt succeeds again.</summary>
    public Exception? LastFailure { get; private set; }

    /// <summary>Forwards until cancelled: everything pending, then each new event as the source reports it; retries failures with backoff.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var forwarded = await ForwardWithRetryAsync(cancellationToken);
            if (forwarded == 0)
            {
                await WaitForNewEventsAsync(cancellationToken);
            }
        }
    }

    /// <summary>Forwards every event the source holds beyond the checkpoint, once; a target failure is thrown (the checkpoint keeps what succeeded).</summary>
    /// <returns>How many events were appended to the target (events it already held are not counted).</returns>
    public async Task<int> ForwardPendingAsync(CancellationToken cancellationToken = default)
    {
        var total = 0;
        while (true)
        {
            var batch = new List<RecordedEvent>(_options.BatchSize);
            await foreach (var e in _source.ReadAllAsync(Checkpoint + 1, cancellationToken))
            {
                batch.Add(e);
                if (batch.Count == _options.BatchSize)
                {
                    break;
                }
            }

            if (batch.Count == 0)
            {
                return total;
            }

            total += await ForwardBatchAsync(batch, cancellationToken);
        }
    }

    private async Task<int> ForwardBatchAsync(List<RecordedEvent> batch, CancellationToken cancellationToken)
    {
        var heads = await TargetHeadsAsync(batch, cancellationToken);
        var pending = batch
            .Where(e => e.Envelope.Sequence > heads.GetValueOrDefault(e.Envelope.Node))
            .Select(e => e.Envelope)
            .ToList();
        if (pending.Count > 0)
        {
            try
            {
                await _target.AppendAsync(pending, null, cancellationToken);
            }
            catch
            {
                // What the target holds is unknown now: ask it again before the next attempt.
                _targetHeads = null;
                throw;
            }

            foreach (var e in pending)
            {
                heads[e.Node] = Math.Max(heads.GetValueOrDefault(e.Node), e.Sequence);
            }
        }

        Checkpoint = batch[^1].Position;
        ForwardCheckpoint.Save(_options.CheckpointPath, Checkpoint);
        Log.Forwarded(_logger, pending.Count, batch.Count - pending.Count, Checkpoint);
        return pending.Count;
    }

    /// <summary>Each node's last sequence in the target, asked once per node after a start or a failure.</summary>
    private async Task<Dictionary<string, long>> TargetHeadsAsync(List<RecordedEvent> batch, CancellationToken cancellationToken)
    {
        _targetHeads ??= new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var node in batch.Select(e => e.Envelope.Node).Distinct(StringComparer.Ordinal))
        {
            if (!_targetHeads.ContainsKey(node))
            {
                _targetHeads[node] = (await _target.GetNodeHeadAsync(node, cancellationToken))?.Sequence ?? 0;
            }
        }

        return _targetHeads;
    }

    private async Task<int> ForwardWithRetryAsync(CancellationToken cancellationToken)
    {
        var delay = _options.InitialBackoff;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var forwarded = await ForwardPendingAsync(cancellationToken);
                LastFailure = null;
                return forwarded;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LastFailure = ex;
                Interlocked.Increment(ref _failedAttempts);
                Log.TargetFailed(_logger, ex, attempt, Checkpoint, delay);
                await Task.Delay(delay, _options.TimeProvider, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _options.MaxBackoff.Ticks));
            }
        }
    }

    private async Task WaitForNewEventsAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in _source.SubscribeAsync(Checkpoint + 1, cancellationToken))
        {
            return;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 3101, Level = LogLevel.Debug, Message = "Forwarded {Appended} events ({Skipped} already in the target); checkpoint {Checkpoint}")]
        public static partial void Forwarded(ILogger logger, int appended, int skipped, long checkpoint);

        [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "Forwarding attempt {Attempt} failed at checkpoint {Checkpoint}; retrying in {Delay}")]
        public static partial void TargetFailed(ILogger logger, Exception exception, int attempt, long checkpoint, TimeSpan delay);
    }
}
