using Vigil.Plugins.Abstractions;

namespace Vigil.Plugins.Hosting;

/// <summary>Running one action with its timeout; exceptions and hangs become results.</summary>
public sealed partial class KitHostServer
{
    private async Task RunActionAsync(long id, KitActionRequest run)
    {
        ActionResult result;
        using var cancellation = new CancellationTokenSource();
        _running[id] = cancellation;
        try
        {
            result = await RunContainedAsync(run, cancellation, () => _cancelledByCaller.ContainsKey(id)).ConfigureAwait(false);
        }
        finally
        {
            _running.TryRemove(id, out _);
            _cancelledByCaller.TryRemove(id, out _);
        }

        WriteLog($"info [{run.Type}/{run.Tag}] {ActionNames.ToWire(run.Action)} ended {result.Outcome}{(result.ExitReason.Length > 0 ? ": " + result.ExitReason : "")}");
        await ReplyAsync(new HostResponse { Id = id, Result = result }).ConfigureAwait(false);
    }

    private async Task<ActionResult> RunContainedAsync(KitActionRequest run, CancellationTokenSource cancellation, Func<bool> byCaller)
    {
        LoadedKit kit;
        ResourceType type;
        lock (_catalogLock)
        {
            if (!_catalog.TryFind(run.Type, out kit, out type))
            {
                _catalog.LoadAll();
                if (!_catalog.TryFind(run.Type, out kit, out type))
                {
                    return ActionResult.KitFailure($"no loaded kit provides resource type '{run.Type}'");
                }
            }
        }

        var what = $"{ActionNames.ToWire(run.Action)} of '{run.Tag}' (type {run.Type}, kit {kit.Name})";
        var definition = type.Definition;
        var timeout = run.Timeout ?? definition.Timeouts.For(run.Action);
        cancellation.CancelAfter(timeout);
        var context = new ActionContext
        {
            Tag = run.Tag,
            Id = run.Id,
            Node = run.Node,
            Action = run.Action,
            Parameters = definition.ApplyDefaults(run.Parameters),
            Logger = new TextWriterLogger(_log, $"{kit.Name}/{run.Tag}"),
            Timeout = timeout,
            CancellationToken = cancellation.Token,
        };

        // Parameters are logged redacted: secret values never leave the kit.
        WriteLog($"info [{kit.Name}/{run.Tag}] {what} starts (timeout {Seconds(timeout)}) with {string.Join(", ", definition.Redact(context.Parameters).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))}");

        // Task.Run: a kit that blocks synchronously must not block the request loop.
        var action = Task.Run(() => type.RunAsync(context), CancellationToken.None);

        // Once cancelled (timeout or caller), the kit has AbandonAfter to return; then it is abandoned.
        using var abandon = new CancellationTokenSource();
        using var arm = cancellation.Token.Register(() => abandon.CancelAfter(AbandonAfter));
        try
        {
            var result = await action.WaitAsync(abandon.Token).ConfigureAwait(false);
            return Normalise(result, what, cancellation.IsCancellationRequested ? Cancelled(what, timeout, byCaller()) : null);
        }
        catch (OperationCanceledException) when (abandon.IsCancellationRequested && !action.IsCompleted)
        {
            var ended = Cancelled(what, timeout, byCaller());
            return ended with { ExitReason = $"{ended.ExitReason} and ignored cancellation; abandoned" };
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            return Cancelled(what, timeout, byCaller());
        }
#pragma warning disable CA1031 // a throwing kit is contained: its exception becomes the exit reason
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return ActionResult.KitFailure($"{what} threw {ex.GetType().Name}: {ex.Message}");
        }
    }

    private static ActionResult Normalise(ActionResult? result, string what, ActionResult? cancelled)
    {
        if (result is null)
        {
            return ActionResult.KitFailure($"{what} returned no result");
        }

        // A kit that noticed the cancellation and failed: report it as the timeout (or cancel) it was.
        if (cancelled is not null && result.Outcome == ActionOutcome.Failed)
        {
            return cancelled with { ExitReason = $"{cancelled.ExitReason}: {result.ExitReason}" };
        }

        return !result.Succeeded && string.IsNullOrWhiteSpace(result.ExitReason)
            ? result with { ExitReason = $"{what} failed without giving a reason" }
            : result;
    }

    private static ActionResult Cancelled(string what, TimeSpan timeout, bool byCaller) =>
        byCaller ? ActionResult.Cancelled($"{what} was cancelled") : ActionResult.TimedOut($"{what} timed out after {Seconds(timeout)}");

    private void WriteLog(string line)
    {
        lock (_log)
        {
            _log.WriteLine(line.ReplaceLineEndings(" "));
            _log.Flush();
        }
    }

    private static string Seconds(TimeSpan time) => $"{time.TotalSeconds:0.###} s";
}
