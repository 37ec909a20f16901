using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace Vigil.Kits.Shared;

/// <summary>
/// Runs one script in its own session and process group (via setsid), with a deadline. On timeout
/// or cancellation the whole group is killed (SIGKILL), grandchildren included. stdout and stderr
/// are captured together into a bounded tail. Linked as source into each script kit (kits share no
/// assembly but the SDK).
/// </summary>
internal static partial class ScriptRunner
{
    private const int SigKill = 9;

    /// <summary>Runs the invocation; <paramref name="token"/> firing kills its process group.</summary>
    public static async Task<ScriptResult> RunAsync(ScriptInvocation invocation, CancellationToken token)
    {
        var info = new ProcessStartInfo("setsid")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = invocation.WorkingDirectory ?? "/",
        };
        info.ArgumentList.Add("--");
        info.ArgumentList.Add(invocation.File);
        foreach (var argument in invocation.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in invocation.Environment)
        {
            info.Environment[name] = value;
        }

        // Two tails, joined stdout first and stderr last: the pipes are read concurrently, so their relative order is
        // not knowable, and the error text is what an operator needs at the end of the exit reason.
        var stdout = new OutputTail(invocation.TailCharacters);
        var stderr = new OutputTail(invocation.TailCharacters);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("setsid did not start");
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return new ScriptResult(null, Killed: false, $"could not start {invocation.File}: {ex.Message}");
        }

        // Never let a script read the kit host's stdin (the protocol): give it its own, closed after the secret.
        // Not awaited here: a script that never reads must not block the action (a kill breaks the pipe).
        var input = WriteInputAsync(process, invocation.StandardInput);

        var readers = Task.WhenAll(PumpAsync(process.StandardOutput, stdout), PumpAsync(process.StandardError, stderr));
        var killed = false;
        try
        {
            await process.WaitForExitAsync(token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            killed = true;
            KillGroup(process.Id);
            using var reap = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await process.WaitForExitAsync(reap.Token).ConfigureAwait(false);
        }

        // A daemon started by the script may keep the pipes open: wait briefly, then leave the
        // readers draining in the background so the daemon never blocks or dies on a full pipe.
        await Task.WhenAny(readers, Task.Delay(TimeSpan.FromMilliseconds(300), CancellationToken.None)).ConfigureAwait(false);
        await Task.WhenAny(input, Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None)).ConfigureAwait(false);
        var code = process.ExitCode;
        if (readers.IsCompleted)
        {
            process.Dispose();
        }
        else
        {
            _ = readers.ContinueWith(_ => process.Dispose(), TaskScheduler.Default);
        }

        var tail = new OutputTail(invocation.TailCharacters);
        var outText = stdout.ToString();
        var errText = stderr.ToString();
        tail.Append(outText);
        if (outText.Length > 0 && errText.Length > 0 && !outText.EndsWith('\n'))
        {
            tail.Append("\n");
        }

        tail.Append(errText);
        return new ScriptResult(killed ? null : code, killed, tail.ToString());
    }

    /// <summary>Kills the process group led by <paramref name="leader"/> (setsid made it leader), then the leader.</summary>
    public static void KillGroup(int leader)
    {
        _ = Kill(-leader, SigKill);
        _ = Kill(leader, SigKill);
    }

    private static async Task WriteInputAsync(Process process, string? input)
    {
        try
        {
            if (input is not null)
            {
                await process.StandardInput.WriteLineAsync(input).ConfigureAwait(false);
            }

            process.StandardInput.Close();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The script exited (or closed its stdin) without reading: not an error.
        }
    }

    private static async Task PumpAsync(StreamReader reader, OutputTail tail)
    {
        var buffer = new char[4096];
        try
        {
            int read;
            while ((read = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                tail.Append(buffer.AsSpan(0, read));
            }
        }
        catch (ObjectDisposedException)
        {
            // the process object was disposed
        }
        catch (IOException)
        {
            // the pipe broke
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
