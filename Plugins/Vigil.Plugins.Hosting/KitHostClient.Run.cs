using Vigil.Plugins.Abstractions;

namespace Vigil.Plugins.Hosting;

/// <summary>Running actions: timeouts enforced on this side too, host deaths turned into results.</summary>
public sealed partial class KitHostClient
{
    /// <summary>
    /// Runs one action. Never throws for kit trouble: a kit that is missing, fails to load, throws,
    /// hangs, or takes its host down yields a failed <see cref="ActionResult"/> with an exit reason.
    /// </summary>
    /// <param name="request">The action.</param>
    /// <param name="cancellationToken">Cancels the action (the kit's token fires).</param>
    /// <returns>The result.</returns>
    public async Task<ActionResult> RunAsync(KitActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var what = $"{ActionNames.ToWire(request.Action)} of '{request.Tag}' (type {request.Type})";
        HostProcess host;
        TimeSpan timeout;
        try
        {
            timeout = request.Timeout ?? await TimeoutForAsync(request, cancellationToken).ConfigureAwait(false);
            host = await EnsureHostAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HostDiedException or TimeoutException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return ActionResult.KitFailure($"{what} could not start: the kit host is unavailable: {ex.Message}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ActionResult.Cancelled($"{what} was cancelled before it started");
        }

        long id = 0;
        try
        {
            // SendAsync writes the request before it first yields, so a cancel posted after it follows the run.
            var answer = host.SendAsync(
                assigned => { id = assigned; return new HostRequest { Id = assigned, Op = "run", Run = request with { Timeout = timeout } }; },
                timeout + _options.Grace);
            using var registration = cancellationToken.Register(() => host.Post(new HostRequest { Op = "cancel", Target = id }));
            return await answer.ConfigureAwait(false) switch
            {
                { Result: { } result } => result,
                { Error: { } error } => ActionResult.KitFailure($"{what}: {error}"),
                _ => ActionResult.KitFailure($"{what}: the kit host gave no result"),
            };
        }
        catch (HostDiedException died)
        {
            await RestartQuietlyAsync().ConfigureAwait(false);
            return ActionResult.KitFailure($"{what} was lost: {died.Message}; the kit host was restarted");
        }
        catch (TimeoutException)
        {
            host.Kill($"kit host hung running {what}; killed");
            await RestartQuietlyAsync().ConfigureAwait(false);
            return ActionResult.TimedOut($"{what} timed out after {timeout.TotalSeconds:0.###} s and the kit host did not answer within {_options.Grace.TotalSeconds:0.#} s more; the kit host was killed and is restarted");
        }
    }

    /// <summary>Starts the next host at once, so kits are loaded again before the engine's next action.</summary>
    private async Task RestartQuietlyAsync()
    {
        try
        {
            await EnsureHostAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // The next request retries and reports why the host cannot start.
        }
    }

    /// <summary>
    /// The instance's own timeout: the kit's <c>describe</c> for these parameters (the OCF kit answers from
    /// the agent's meta-data, cached), falling back to the type's listed definition, then SDK defaults.
    /// </summary>
    private async Task<TimeSpan> TimeoutForAsync(KitActionRequest request, CancellationToken cancellationToken)
    {
        try
        {
            var described = await DescribeAsync(request.Type, request.Parameters, cancellationToken).ConfigureAwait(false);
            return described.Timeouts.For(request.Action);
        }
        catch (InvalidOperationException)
        {
            // Unknown type or a describe that failed: the host will answer the run with the reason.
        }

        ResourceTypeDefinition? definition;
        lock (_definitions)
        {
            _definitions.TryGetValue(request.Type, out definition);
        }

        return definition?.Timeouts.For(request.Action) ?? new ActionTimeouts().For(request.Action);
    }
}
