using System.Diagnostics;

namespace Vigil.Daemon.Alerts;

/// <summary>
/// Runs the hook's script with the item's JSON on standard input and <c>VIGIL_*</c> variables; exit 0 means delivered.
/// A script still running after the hook's timeout is killed with its children. Its output is read and dropped (a
/// full pipe would hang it), never logged: a script may print anything.
/// </summary>
internal sealed class ScriptChannel(AlertHook hook, string workingDirectory) : IAlertChannel
{
    public async Task SendAsync(AlertItem item, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(hook.Script!)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var (k, v) in item.Environment())
        {
            start.Environment[k] = v;
        }

        using var process = Process.Start(start) ?? throw new AlertDeliveryException($"{hook.Script} did not start");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(hook.Timeout);
        var drain = Task.WhenAll(process.StandardOutput.ReadToEndAsync(timeout.Token), process.StandardError.ReadToEndAsync(timeout.Token));
        try
        {
            try
            {
                await process.StandardInput.WriteAsync(item.Json.AsMemory(), timeout.Token);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The script did not read its input (it exited or closed stdin): its exit code decides.
            }

            await process.WaitForExitAsync(timeout.Token);
            await drain;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new AlertDeliveryException($"{hook.Script} ran longer than {hook.Timeout.TotalMilliseconds} ms and was killed");
        }

        if (process.ExitCode != 0)
        {
            throw new AlertDeliveryException($"{hook.Script} exited with code {process.ExitCode}");
        }
    }

    public void Dispose()
    {
    }
}
