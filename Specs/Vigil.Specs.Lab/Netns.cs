using System.Diagnostics;
using System.Text;

namespace Vigil.Specs.Lab;

/// <summary>Runs a tool inside one of the lab's network namespaces (a node's, the client's, the switch's), killed at a deadline.</summary>
internal static class Netns
{
    /// <summary>Exit code and stdout+stderr; -1 when the deadline killed it.</summary>
    public static (int Code, string Output) Run(string ns, TimeSpan deadline, params string[] args)
    {
        using var p = Process.Start(Info(ns, args)) ?? throw new InvalidOperationException($"cannot run {string.Join(' ', args)} in {ns}");
        var output = new StringBuilder();
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(deadline))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
            return (-1, $"{string.Join(' ', args)} did not finish within {deadline.TotalSeconds:F0} s");
        }

        return (p.ExitCode, output.Append(stdout.Result).Append(stderr.Result).ToString());
    }

    /// <summary>Like <see cref="Run"/>, failing the spec when the tool fails.</summary>
    public static string Check(string ns, params string[] args)
    {
        var (code, output) = Run(ns, TimeSpan.FromSeconds(10), args);
        Assert.True(code == 0, $"in {ns}: {string.Join(' ', args)}: exit {code}: {output}");
        return output;
    }

    /// <summary>A long-running tool in the namespace, its output redirected for the caller to read.</summary>
    public static Process Start(string ns, params string[] args) =>
        Process.Start(Info(ns, args)) ?? throw new InvalidOperationException($"cannot run {string.Join(' ', args)} in {ns}");

    private static ProcessStartInfo Info(string ns, string[] args)
    {
        var info = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in (string[])["netns", "exec", ns, .. args])
        {
            info.ArgumentList.Add(a);
        }

        return info;
    }
}
