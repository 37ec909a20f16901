using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Vigil.Daemon.Configuration;

namespace Vigil.Daemon.Mirror;

/// <summary>
/// Runs the node's vigil-repd and starts it again whenever it dies (after a second, so a driver that cannot start does
/// not spin). Its output goes to vigild's log. Stop asks it to stop (SIGTERM: it closes its activity log cleanly, so
/// its next start resyncs nothing it need not) and kills it if it does not within ten seconds.
/// </summary>
internal sealed partial class RepdSupervisor(MirrorSettings settings, string node, string listen, ILogger logger)
{
    private Process? _process;
    private Task? _running;

    /// <summary>Raised (on the supervising task) when the driver exits unasked, with its exit code.</summary>
    public event Action<int>? Died;

    public void Start(CancellationToken stopping) => _running = Task.Run(() => SuperviseAsync(stopping), CancellationToken.None);

    public async Task StopAsync()
    {
        if (_process is { HasExited: false } p)
        {
            using var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", p.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false });
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await p.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                p.Kill(entireProcessTree: true);
            }
        }

        if (_running is not null)
        {
            await _running;
        }
    }

    private async Task SuperviseAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                using var process = Process.Start(StartInfo()) ?? throw new InvalidOperationException("vigil-repd did not start");
                _process = process;
                process.OutputDataReceived += (_, e) => Line(e.Data);
                process.ErrorDataReceived += (_, e) => Line(e.Data);
                process.BeginOutputReadLine();
                process.BeginErrorReadLine();
                Log.Started(logger, process.Id, listen, settings.Directory);
                await process.WaitForExitAsync(CancellationToken.None);
                if (stopping.IsCancellationRequested)
                {
                    return;
                }

                Log.Died(logger, process.ExitCode);
                Died?.Invoke(process.ExitCode);
            }
            catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                Log.CannotStart(logger, settings.Executable, ex.Message);
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(1), stopping); // restart back-off
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private ProcessStartInfo StartInfo()
    {
        var dll = settings.Executable.EndsWith(".dll", StringComparison.Ordinal);
        var info = new ProcessStartInfo(dll ? DotnetPath() : settings.Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (dll)
        {
            info.ArgumentList.Add(settings.Executable);
        }

        foreach (var a in (string[])["run", "--node", node, "--data", settings.Directory, "--listen", listen, "--secret-file", settings.SecretFile, .. settings.NbdArgs])
        {
            info.ArgumentList.Add(a);
        }

        return info;
    }

    private void Line(string? line)
    {
        if (!string.IsNullOrWhiteSpace(line))
        {
            Log.Output(logger, line);
        }
    }

    private static string DotnetPath()
    {
        var current = Environment.ProcessPath;
        return current is not null && Path.GetFileNameWithoutExtension(current) == "dotnet"
            ? current
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
    }

    private static partial class Log
    {
        [LoggerMessage(1300, LogLevel.Information, "vigil-repd started (pid {Pid}, peers on {Listen}, data in {Directory})")]
        public static partial void Started(ILogger logger, int pid, string listen, string directory);

        [LoggerMessage(1301, LogLevel.Error, "vigil-repd exited with code {Code}; starting it again")]
        public static partial void Died(ILogger logger, int code);

        [LoggerMessage(1302, LogLevel.Error, "cannot start vigil-repd ({Executable}): {Problem}")]
        public static partial void CannotStart(ILogger logger, string executable, string problem);

        [LoggerMessage(1303, LogLevel.Information, "repd: {Line}")]
        public static partial void Output(ILogger logger, string line);
    }
}
