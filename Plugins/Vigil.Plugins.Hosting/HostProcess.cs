using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Vigil.Plugins.Hosting;

/// <summary>One running vigil-kithost process: request ids, pending answers, its stderr tail.</summary>
internal sealed partial class HostProcess : IDisposable
{
    private const int TailLines = 100;
    private readonly Process _process;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<HostResponse>> _pending = new();
    private readonly Queue<string> _stderrTail = new();
    private readonly Lock _writeLock = new();
    private readonly ILogger _logger;
    private readonly Task _stderr;
    private long _nextId;
    private volatile string? _deathReason;

    private HostProcess(Process process, ILogger logger)
    {
        _process = process;
        _logger = logger;
        _stderr = Task.Run(PumpStderrAsync);
        _ = Task.Run(PumpStdoutAsync);
    }

    public int ProcessId => _process.Id;

    public bool IsAlive => _deathReason is null;

    public static HostProcess Start(KitHostOptions options, ILogger logger)
    {
        if (Path.IsPathRooted(options.HostPath) && !File.Exists(options.HostPath))
        {
            throw new InvalidOperationException($"the kit host {options.HostPath} does not exist");
        }

        var command = new List<string>(options.CommandPrefix);
        if (options.HostPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            command.Add(DotnetPath());
        }

        command.AddRange([options.HostPath, "--kits-dir", options.KitsDirectory]);
        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(false),
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start the kit host {command[0]}");
        process.StandardInput.AutoFlush = true;
        return new HostProcess(process, logger);
    }

    public async Task<HostResponse> SendAsync(Func<long, HostRequest> build, TimeSpan timeout)
    {
        var id = Interlocked.Increment(ref _nextId);
        var answer = new TaskCompletionSource<HostResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = answer;
        try
        {
            if (_deathReason is { } reason)
            {
                throw new HostDiedException(reason);
            }

            Write(build(id));
            return await answer.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Sends a request that gets no answer (cancel); a dead host is ignored (its death is reported elsewhere).</summary>
    public void Post(HostRequest request)
    {
        try
        {
            if (IsAlive)
            {
                Write(request);
            }
        }
        catch (HostDiedException)
        {
            // the pending answer fails with the death reason
        }
    }

    public void Kill(string reason)
    {
        _deathReason ??= reason;
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    /// <summary>Stops gracefully: closing stdin makes the host cancel its actions and exit; killed if it does not.</summary>
    public void Dispose()
    {
        if (IsAlive)
        {
            try
            {
                lock (_writeLock)
                {
                    _process.StandardInput.Close();
                }

                _process.WaitForExit(TimeSpan.FromSeconds(6));
            }
            catch (IOException)
            {
                // already gone
            }
        }

        Kill("kit host stopped");
        _process.Dispose();
    }

    private void Write(HostRequest request)
    {
        var line = JsonSerializer.Serialize(request, ProtocolJson.Options);
        try
        {
            lock (_writeLock)
            {
                _process.StandardInput.WriteLine(line);
            }
        }
        catch (IOException ex)
        {
            throw new HostDiedException(_deathReason ?? $"kit host pipe broken: {ex.Message}");
        }
    }

    private static string DotnetPath()
    {
        var current = Environment.ProcessPath;
        if (current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet")
        {
            return current;
        }

        return Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
    }
}
