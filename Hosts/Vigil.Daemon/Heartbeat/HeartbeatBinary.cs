using System.Diagnostics;

namespace Vigil.Daemon.Heartbeat;

/// <summary>
/// Where <c>vigil-heartbeat</c> is: next to vigild (the build copies it there). Its apphost when present, else its
/// assembly run by the same <c>dotnet</c> host that runs vigild.
/// </summary>
internal static class HeartbeatBinary
{
    public static ProcessStartInfo StartInfo()
    {
        var dir = AppContext.BaseDirectory;
        var host = Path.Combine(dir, "vigil-heartbeat");
        var info = File.Exists(host)
            ? new ProcessStartInfo(host)
            : new ProcessStartInfo(DotnetHost(), [Path.Combine(dir, "vigil-heartbeat.dll")]);
        info.RedirectStandardInput = true;
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        return info;
    }

    private static string DotnetHost() =>
        Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
}
