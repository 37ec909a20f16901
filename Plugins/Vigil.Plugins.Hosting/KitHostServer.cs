using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;

namespace Vigil.Plugins.Hosting;

/// <summary>
/// The kit host's loop: reads JSON-line requests, answers JSON lines. Actions run concurrently;
/// a kit that throws or hangs past its timeout is answered for and abandoned, never waited on.
/// </summary>
public sealed partial class KitHostServer : IDisposable
{
    private readonly KitCatalog _catalog;
    private readonly TextWriter _log;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly Lock _catalogLock = new();
    private readonly ConcurrentDictionary<long, CancellationTokenSource> _running = new();
    private readonly ConcurrentDictionary<long, bool> _cancelledByCaller = new();
    private readonly ConcurrentDictionary<Task, bool> _inFlight = new();
    private Stream _output = Stream.Null;

    /// <summary>Creates a server over a kits directory; <paramref name="log"/> receives kit logs (stderr in vigil-kithost).</summary>
    /// <param name="kitsDirectory">One sub-folder per kit.</param>
    /// <param name="log">Where logs go.</param>
    public KitHostServer(string kitsDirectory, TextWriter log)
    {
        _catalog = new KitCatalog(kitsDirectory);
        _log = log;
    }

    /// <summary>How long a kit that ignores cancellation gets past its timeout before it is abandoned.</summary>
    public TimeSpan AbandonAfter { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Loads the kits, then serves requests until <paramref name="input"/> ends.</summary>
    /// <param name="input">Requests, one JSON object per line.</param>
    /// <param name="output">Responses, one JSON object per line.</param>
    /// <param name="cancellationToken">Stops serving.</param>
    /// <returns>A task that completes when the input ends.</returns>
    public async Task RunAsync(Stream input, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        _output = output;
        lock (_catalogLock)
        {
            _catalog.LoadAll();
        }

        StartWarmUp();
        using var reader = new StreamReader(input, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            HostRequest? request;
            try
            {
                request = JsonSerializer.Deserialize<HostRequest>(line, ProtocolJson.Options);
            }
            catch (JsonException ex)
            {
                await ReplyAsync(new HostResponse { Id = -1, Error = $"bad request: {ex.Message}" }).ConfigureAwait(false);
                continue;
            }

            if (request is not null)
            {
                Dispatch(request);
            }
        }

        // The parent is gone: cancel what runs (script kits kill their process groups) and let it finish, briefly.
        foreach (var source in _running.Values)
        {
            await source.CancelAsync().ConfigureAwait(false);
        }

        await Task.WhenAny(Task.WhenAll(_inFlight.Keys), Task.Delay(AbandonAfter + AbandonAfter, CancellationToken.None)).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _catalog.Dispose();
        _writeLock.Dispose();
    }

    private void Dispatch(HostRequest request)
    {
        switch (request.Op)
        {
            case "run" when request.Run is { } run:
                var task = RunActionAsync(request.Id, run);
                _inFlight[task] = true;
                _ = task.ContinueWith(done => _inFlight.TryRemove(done, out _), TaskScheduler.Default);
                break;
            case "cancel" when request.Target is { } target:
                if (_running.TryGetValue(target, out var source))
                {
                    _cancelledByCaller[target] = true;
                    source.Cancel();
                }

                break;
            case "list":
                _ = ReplyAsync(new HostResponse { Id = request.Id, Kits = List(reload: false) });
                break;
            case "reload":
                _ = ReplyAsync(new HostResponse { Id = request.Id, Kits = List(reload: true) });
                break;
            case "describe":
                _ = DescribeAsync(request);
                break;
            case "unload":
                _ = Task.Run(() => ReplyAsync(new HostResponse { Id = request.Id, Collected = UnloadAndCollect(request.Kit ?? "") }));
                break;
            default:
                _ = ReplyAsync(new HostResponse { Id = request.Id, Error = $"unknown or incomplete request '{request.Op}'" });
                break;
        }
    }

    private IReadOnlyList<KitInfo> List(bool reload)
    {
        lock (_catalogLock)
        {
            if (reload)
            {
                _catalog.Reload();
            }
            else
            {
                _catalog.LoadAll();
            }

            return _catalog.Describe();
        }
    }

    private async Task ReplyAsync(HostResponse response)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(response, ProtocolJson.Options);
        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await _output.WriteAsync(bytes).ConfigureAwait(false);
            await _output.WriteAsync("\n"u8.ToArray()).ConfigureAwait(false);
            await _output.FlushAsync().ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
