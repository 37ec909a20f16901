using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Vigil.Daemon.Fencing;

/// <summary>
/// Runs a script-based fence agent: <c>AGENT NODE off|on|status</c>, nothing else on its command line (other users
/// can read command lines in /proc). The secret, if any, goes in the environment (<c>VIGIL_FENCE_SECRET</c>,
/// readable only by root) and by path (<c>VIGIL_FENCE_SECRET_FILE</c>); it is masked out of whatever the agent
/// prints before that reaches a log or the journal. Exit 0 is success; any other exit, or running past the timeout
/// (the agent and its children are then killed), is a failure. For <c>status</c>, 0 means on and 2 off.
/// </summary>
internal sealed partial class FenceAgent(FenceSettings settings, string localNode, string clusterName, ILogger logger)
{
    public const int StatusOff = 2;

    public async Task<FenceResult> RunAsync(string target, string action, CancellationToken stopping)
    {
        var agent = settings.AgentFor(target) ?? throw new InvalidOperationException($"no fence agent is configured for {target}");
        var secret = settings.SecretFile is { } file ? (await File.ReadAllTextAsync(file, stopping)).Trim() : null;
        var psi = new ProcessStartInfo(agent)
        {
            ArgumentList = { target, action },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        psi.Environment.Remove("NOTIFY_SOCKET"); // the agent must not speak to the supervisor for vigild
        psi.Environment["VIGIL_FENCE_TARGET"] = target;
        psi.Environment["VIGIL_FENCE_ACTION"] = action;
        psi.Environment["VIGIL_FENCE_NODE"] = localNode;
        psi.Environment["VIGIL_CLUSTER"] = clusterName;
        psi.Environment["VIGIL_FENCE_TIMEOUT_MS"] = ((long)settings.Timeout.TotalMilliseconds).ToString(CultureInfo.InvariantCulture);
        if (secret is not null)
        {
            psi.Environment["VIGIL_FENCE_SECRET"] = secret;
            psi.Environment["VIGIL_FENCE_SECRET_FILE"] = settings.SecretFile;
        }

        Log.Running(logger, agent, target, action);
        var started = Stopwatch.GetTimestamp();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        timeout.CancelAfter(settings.Timeout);
        Process process;
        try
        {
            process = Process.Start(psi) ?? throw new InvalidOperationException("no process");
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return Done(new FenceResult(target, action, agent, false, Stopwatch.GetElapsedTime(started), $"could not start: {ex.Message}"));
        }

        using (process)
        {
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var errors = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
                var said = LastLine(await output + "\n" + await errors, secret);
                var ok = process.ExitCode == 0 || (action == "status" && process.ExitCode == StatusOff);
                return Done(new FenceResult(target, action, agent, ok, Stopwatch.GetElapsedTime(started),
                    string.Create(CultureInfo.InvariantCulture, $"exit {process.ExitCode}{(said.Length == 0 ? string.Empty : ": " + said)}")));
            }
            catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                return Done(new FenceResult(target, action, agent, false, Stopwatch.GetElapsedTime(started),
                    $"timed out after {(long)settings.Timeout.TotalMilliseconds} ms (killed)"));
            }
        }
    }

    private FenceResult Done(FenceResult result)
    {
        Log.Finished(logger, result.Agent, result.Target, result.Action, result.Succeeded ? "succeeded" : "FAILED", (long)result.Duration.TotalMilliseconds, result.Detail);
        return result;
    }

    /// <summary>The last non-empty line the agent printed, the secret masked, at most 200 characters.</summary>
    internal static string LastLine(string text, string? secret)
    {
        if (!string.IsNullOrEmpty(secret))
        {
            text = text.Replace(secret, "***", StringComparison.Ordinal);
        }

        var line = text.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? string.Empty;
        return line.Length <= 200 ? line : line[..200];
    }

    private static partial class Log
    {
        [LoggerMessage(1520, LogLevel.Warning, "fencing: running {Agent} {Target} {Action}")]
        public static partial void Running(ILogger logger, string agent, string target, string action);

        [LoggerMessage(1521, LogLevel.Warning, "fencing: {Agent} {Target} {Action} {Result} in {Milliseconds} ms ({Detail})")]
        public static partial void Finished(ILogger logger, string agent, string target, string action, string result, long milliseconds, string detail);
    }
}
