using Microsoft.Extensions.Logging;
using Polly;
using Polly.Retry;

namespace Vigil.Daemon.Alerts;

/// <summary>
/// Delivers one hook's outbox, oldest first, on a task of its own: an item is retried (exponential backoff with
/// jitter, capped) until it is delivered or vigild stops, and only then the next one goes. A hook that hangs or fails
/// holds up only its own queue; nothing in the engine waits for it.
/// </summary>
internal sealed partial class AlertDispatcher : IDisposable
{
    private readonly AlertOutbox _outbox;
    private readonly IAlertChannel _channel;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly ResiliencePipeline _retry;

    public AlertDispatcher(AlertHook hook, AlertOutbox outbox, IAlertChannel channel, TimeProvider time, ILogger logger)
    {
        Hook = hook;
        _outbox = outbox;
        _channel = channel;
        _time = time;
        _logger = logger;
        _retry = new ResiliencePipelineBuilder { TimeProvider = time }.AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is not null && !args.Context.CancellationToken.IsCancellationRequested),
            MaxRetryAttempts = int.MaxValue,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = hook.RetryInitial,
            MaxDelay = hook.RetryMax,
            OnRetry = args =>
            {
                Log.Retrying(_logger, Hook.Name, args.AttemptNumber + 1, args.Outcome.Exception!.Message, (long)args.RetryDelay.TotalMilliseconds);
                return default;
            },
        }).Build();
    }

    public AlertHook Hook { get; }

    /// <summary>Something was queued: look at the outbox again.</summary>
    public void Nudge()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already nudged.
        }
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                foreach (var file in _outbox.Pending(Hook.Name))
                {
                    await DeliverAsync(file, stopping);
                }

                await _signal.WaitAsync(stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception) when (stopping.IsCancellationRequested)
        {
            // Stopping between two attempts ends the retries with the last attempt's failure (any channel's exception),
            // not a cancellation: the item is still in the outbox and is delivered after the restart.
        }
    }

    private async Task DeliverAsync(string file, CancellationToken stopping)
    {
        string json;
        try
        {
            json = await File.ReadAllTextAsync(file, stopping);
        }
        catch (FileNotFoundException)
        {
            return; // dropped meanwhile (outbox full)
        }

        var attempt = 0;
        await _retry.ExecuteAsync(async ct => await _channel.SendAsync(new AlertItem(file, json, ++attempt), ct), stopping);
        var item = new AlertItem(file, json, attempt);
        _outbox.Delivered(Hook.Name, file, item.EventId, attempt, _time.GetUtcNow());
        Log.Delivered(_logger, Hook.Name, item.EventId, attempt);
    }

    public void Dispose()
    {
        _channel.Dispose();
        _signal.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(1501, LogLevel.Information, "alert {Alert}: event {EventId} delivered (attempt {Attempt})")]
        public static partial void Delivered(ILogger logger, string alert, string eventId, int attempt);

        [LoggerMessage(1502, LogLevel.Warning, "alert {Alert}: attempt {Attempt} failed ({Problem}); next in {DelayMs} ms")]
        public static partial void Retrying(ILogger logger, string alert, int attempt, string problem, long delayMs);
    }
}
