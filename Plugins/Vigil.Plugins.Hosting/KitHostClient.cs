using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Vigil.Plugins.Abstractions;

namespace Vigil.Plugins.Hosting;

/// <summary>
/// The node host's handle on <c>vigil-kithost</c>: starts it, sends requests (JSON lines over its
/// stdin/stdout), enforces timeouts, and when the host dies (FailFast, stack overflow, OOM, kill)
/// or hangs, restarts it and fails only the actions that were in flight, each with an exit reason.
/// Thread-safe; actions run concurrently.
/// </summary>
public sealed partial class KitHostClient : IAsyncDisposable
{
    private readonly KitHostOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _startLock = new(1, 1);
    private readonly Dictionary<string, ResourceTypeDefinition> _definitions = new(StringComparer.Ordinal);
    private HostProcess? _host;
    private int _starts;

    /// <summary>Creates a client; the host starts on first use or <see cref="StartAsync"/>.</summary>
    /// <param name="options">How to start the host.</param>
    /// <param name="logger">Receives the host's stderr and its deaths.</param>
    public KitHostClient(KitHostOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>How many times the host was restarted after dying or hanging.</summary>
    public int Restarts => Math.Max(0, Volatile.Read(ref _starts) - 1);

    /// <summary>The current host's process id, or <see langword="null"/> when none is running.</summary>
    public int? ProcessId => _host is { IsAlive: true } host ? host.ProcessId : null;

    /// <summary>Starts the host (if needed) and waits until it has loaded its kits.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task.</returns>
    public async Task StartAsync(CancellationToken cancellationToken) => await ListKitsAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Lists the kits (loading any new kit folder), with load errors.</summary>
    /// <exception cref="InvalidOperationException">The kit host died or could not start.</exception>
    /// <exception cref="TimeoutException">The kit host did not answer within <see cref="KitHostOptions.StartTimeout"/> (it was killed).</exception>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The kits.</returns>
    public async Task<IReadOnlyList<KitInfo>> ListKitsAsync(CancellationToken cancellationToken)
    {
        var response = await RequestAsync(new HostRequest { Op = "list" }, _options.StartTimeout, cancellationToken).ConfigureAwait(false);
        return Remember(response.Kits ?? []);
    }

    /// <summary>Loads every kit folder again, including kits unloaded with <see cref="UnloadAsync"/>.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The kits.</returns>
    public async Task<IReadOnlyList<KitInfo>> ReloadAsync(CancellationToken cancellationToken)
    {
        var response = await RequestAsync(new HostRequest { Op = "reload" }, _options.StartTimeout, cancellationToken).ConfigureAwait(false);
        return Remember(response.Kits ?? []);
    }

    /// <summary>The definition of one instance (the OCF kit fills it from the agent's meta-data).</summary>
    /// <param name="type">The resource type.</param>
    /// <param name="parameters">The instance's parameters.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The definition.</returns>
    public async Task<ResourceTypeDefinition> DescribeAsync(string type, IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        var response = await RequestAsync(new HostRequest { Op = "describe", Type = type, Parameters = parameters }, _options.StartTimeout, cancellationToken).ConfigureAwait(false);
        return response.Definition ?? throw new InvalidOperationException(response.Error ?? $"no definition for type '{type}'");
    }

    /// <summary>Unloads a kit and reports whether its load context was collected.</summary>
    /// <param name="kit">The kit's name (its folder).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>Whether the load context was collected.</returns>
    public async Task<bool> UnloadAsync(string kit, CancellationToken cancellationToken)
    {
        var response = await RequestAsync(new HostRequest { Op = "unload", Kit = kit }, _options.StartTimeout, cancellationToken).ConfigureAwait(false);
        return response.Collected ?? false;
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        _host?.Dispose();
        _host = null;
        _startLock.Dispose();
        return ValueTask.CompletedTask;
    }

    private IReadOnlyList<KitInfo> Remember(IReadOnlyList<KitInfo> kits)
    {
        lock (_definitions)
        {
            foreach (var type in kits.SelectMany(k => k.Types))
            {
                _definitions[type.Name] = type;
            }
        }

        return kits;
    }

    private async Task<HostResponse> RequestAsync(HostRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var host = await EnsureHostAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await host.SendAsync(id => request with { Id = id }, timeout).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            host.Kill($"kit host did not answer '{request.Op}' within {timeout.TotalSeconds:0.#} s; killed");
            throw;
        }
        catch (HostDiedException died)
        {
            // The next request starts a new host; this one reports why the last one died.
            throw new InvalidOperationException(died.Message, died);
        }
    }

    private async Task<HostProcess> EnsureHostAsync(CancellationToken cancellationToken)
    {
        if (_host is { IsAlive: true } running)
        {
            return running;
        }

        await _startLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_host is not { IsAlive: true })
            {
                _host?.Dispose();
                _host = HostProcess.Start(_options, _logger);
                Interlocked.Increment(ref _starts);
                _ = Task.Run(WarmUpProtocol, CancellationToken.None); // while the host loads its kits
            }

            return _host;
        }
        finally
        {
            _startLock.Release();
        }
    }
}
