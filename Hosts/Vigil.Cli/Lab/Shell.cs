using System.Diagnostics;

namespace Vigil.Cli.Lab;

/// <summary>Runs system tools (ip, kill …) and fails with their stderr, so lab errors say what the tool said.</summary>
internal static class Shell
{
    public static string Run(string tool, params string[] args)
    {
        var psi = new ProcessStartInfo(tool, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot run {tool}");
        var stdout = p.StandardOutput.ReadToEnd();
        var stderr = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', args)}: exit {p.ExitCode}: {stderr.Trim()}");
        }

        return stdout;
    }

    public static bool TryRun(string tool, params string[] args)
    {
        try
        {
            Run(tool, args);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    public static bool IsRoot => Environment.UserName == "root" || Environment.GetEnvironmentVariable("EUID") == "0" || Geteuid() == 0;

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "geteuid")]
    private static extern uint Geteuid();
}
