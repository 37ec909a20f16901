using System.Diagnostics;

namespace Vigil.Specs.Kits.Support;

internal static class Shell
{
    /// <summary>Runs a command to completion (bounded), returning its exit code and combined output.</summary>
    public static (int Code, string Output) Run(string file, params string[] arguments) => RunWithin(TimeSpan.FromSeconds(30), file, arguments);

    public static (int Code, string Output) RunWithin(TimeSpan limit, string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{file} {string.Join(' ', arguments)} did not finish");
        }

        return (process.ExitCode, output.Result + error.Result);
    }

    public static string Check(string file, params string[] arguments)
    {
        var (code, output) = Run(file, arguments);
        Assert.True(code == 0, $"{file} {string.Join(' ', arguments)} exited {code}: {output}");
        return output;
    }
}
