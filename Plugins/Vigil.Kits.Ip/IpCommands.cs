using Vigil.Kits.Shared;

namespace Vigil.Kits.Ip;

/// <summary>
/// Runs iproute2/iputils tools as argument vectors (never through a shell), each in its own process group
/// with its own deadline inside the action's. Tools are found on PATH and in the sbin directories, since a
/// service's PATH often lacks /usr/sbin where ip(8) lives.
/// </summary>
/// <param name="prefix">
/// A command put before every tool (empty in production). Specs run the in-process conformance suite
/// inside a network namespace with <c>ip netns exec NS</c>; the kit itself knows nothing of namespaces.
/// </param>
internal sealed class IpCommands(IReadOnlyList<string> prefix)
{
    private static readonly string[] SystemDirectories = ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"];

    /// <summary>Each tool and the Debian package that provides it, for "not installed" reasons.</summary>
    public static readonly IReadOnlyDictionary<string, string> Packages = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["ip"] = "iproute2",
        ["arping"] = "iputils-arping",
        ["ping"] = "iputils-ping",
    };

    // Parsed output (ip, arping) must not be translated.
    private static readonly Dictionary<string, string> CLocale = new(StringComparer.Ordinal) { ["LC_ALL"] = "C" };

    public static IpCommands Direct { get; } = new([]);

    /// <summary>The tool's absolute path, or null when it is not installed.</summary>
    public static string? Find(string tool)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Where(Path.IsPathFullyQualified)
            .Concat(SystemDirectories)
            .Select(directory => Path.Combine(directory, tool))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Runs <paramref name="tool"/> with <paramref name="arguments"/>; <paramref name="limit"/> bounds it within <paramref name="token"/>.</summary>
    public async Task<CommandResult> RunAsync(string tool, IReadOnlyList<string> arguments, TimeSpan limit, CancellationToken token)
    {
        var commandLine = string.Join(' ', arguments.Prepend(tool));
        var executable = Find(tool);
        if (executable is null)
        {
            var missing = new ScriptResult(null, Killed: false, $"{tool} is not installed (Debian package {Packages.GetValueOrDefault(tool, tool)})");
            return new CommandResult(commandLine, missing, TimedOut: false);
        }

        List<string> argv = [.. prefix, executable, .. arguments];
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(token);
        deadline.CancelAfter(limit);
        var result = await ScriptRunner.RunAsync(new ScriptInvocation(argv[0], argv[1..], CLocale), deadline.Token).ConfigureAwait(false);
        return new CommandResult(commandLine, result, result.Killed);
    }
}
