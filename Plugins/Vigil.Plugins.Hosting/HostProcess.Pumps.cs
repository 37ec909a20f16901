using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Vigil.Plugins.Hosting;

/// <summary>Reading the host's stdout (answers) and stderr (logs, crash messages); noticing its death.</summary>
internal sealed partial class HostProcess
{
    private async Task PumpStdoutAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                HostResponse? response;
                try
                {
                    response = JsonSerializer.Deserialize<HostResponse>(line, ProtocolJson.Options);
                }
                catch (JsonException)
                {
                    Log.NotProtocol(_logger, line);
                    continue;
                }

                if (response is not null && _pending.TryGetValue(response.Id, out var answer))
                {
                    answer.TrySetResult(response);
                }
            }
        }
        catch (IOException)
        {
            // the pipe broke: the process is gone, handled below
        }

        // stdout closed: the host is gone (or going). Let stderr drain so the crash message is in the tail.
        await Task.WhenAny(_stderr, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
        using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _process.WaitForExitAsync(exit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            Kill("kit host closed its output but did not exit; killed");
        }

        var reason = _deathReason ?? DescribeExit();
        _deathReason = reason;
        Log.HostDied(_logger, _process.Id, reason);
        foreach (var answer in _pending.Values)
        {
            answer.TrySetException(new HostDiedException(reason));
        }
    }

    private async Task PumpStderrAsync()
    {
        while (await _process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (_stderrTail)
            {
                _stderrTail.Enqueue(line);
                if (_stderrTail.Count > TailLines)
                {
                    _stderrTail.Dequeue();
                }
            }

            Log.HostOutput(_logger, _process.Id, line);
        }
    }

    private string DescribeExit()
    {
        var code = _process.HasExited ? _process.ExitCode : -1;
        var signal = code > 128 ? $" ({SignalName(code - 128)})" : "";
        string[] tail;
        lock (_stderrTail)
        {
            tail = [.. _stderrTail];
        }

        return $"kit host (pid {_process.Id}) exited with code {code}{signal}: {LastWords(tail)}";
    }

    /// <summary>
    /// The runtime's own last words name the cause: "Process terminated." + the FailFast message,
    /// "Stack overflow.", an unhandled exception; plus the first frame outside System.* (the kit's).
    /// </summary>
    internal static string LastWords(IReadOnlyList<string> tail)
    {
        var start = -1;
        for (var i = tail.Count - 1; i >= 0 && start < 0; i--)
        {
            var line = tail[i];
            if (line.StartsWith("Process terminated", StringComparison.Ordinal) || line.StartsWith("Stack overflow", StringComparison.Ordinal)
                || line.StartsWith("Unhandled exception", StringComparison.Ordinal) || line.Contains("OutOfMemory", StringComparison.Ordinal))
            {
                start = i;
            }
        }

        if (start < 0)
        {
            return tail.LastOrDefault(l => !string.IsNullOrWhiteSpace(l))?.Trim() ?? "no output";
        }

        static bool IsFrame(string line) => line.TrimStart().StartsWith("at ", StringComparison.Ordinal);
        var message = tail.Skip(start).TakeWhile((line, index) => index == 0 || !(IsFrame(line) || line.StartsWith("Repeat ", StringComparison.Ordinal) || line.StartsWith("---", StringComparison.Ordinal)));
        var frame = tail.Skip(start).Where(IsFrame).Select(l => l.Trim()).FirstOrDefault(l => !l.StartsWith("at System.", StringComparison.Ordinal));
        var text = string.Join(" ", message.Select(l => l.Trim()));
        return frame is null ? text : $"{text} ({frame})";
    }

    private static string SignalName(int signal) => signal switch
    {
        6 => "SIGABRT",
        9 => "SIGKILL",
        11 => "SIGSEGV",
        15 => "SIGTERM",
        _ => $"signal {signal}",
    };
}
