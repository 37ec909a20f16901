using System.Globalization;
namespace Vigil.Kits.Shared;

/// <summary>Runs one system tool (argv, never a shell string built from values) in its own process group, killed at the token.</summary>
internal static class Tool
{
    public static Task<ScriptResult> RunAsync(string file, IReadOnlyList<string> arguments, CancellationToken token) =>
        ScriptRunner.RunAsync(new ScriptInvocation(file, arguments, new Dictionary<string, string>()) { TailCharacters = 4096 }, token);

    /// <summary><c>file arg arg</c>, as an operator would type it, for exit reasons.</summary>
    public static string Shown(string file, IReadOnlyList<string> arguments) => string.Join(' ', [file, .. arguments]);

    public static string Code(ScriptResult result) =>
        result.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? (result.Killed ? "killed" : "not started");

    public static bool OnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/sbin:/usr/bin:/sbin:/bin")
        .Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Append("/sbin").Append("/usr/sbin")
        .Any(directory => File.Exists(Path.Combine(directory, tool)));
}
