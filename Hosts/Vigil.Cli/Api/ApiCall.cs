using System.CommandLine;
using System.Diagnostics;

namespace Vigil.Cli.Api;

/// <summary>Runs a command's API work and turns every <see cref="ApiFailure"/> into its message and exit code.</summary>
internal static class ApiCall
{
    public static async Task<int> RunAsync(ParseResult parse, ApiOptions options, TextWriter output, TextWriter error, Func<ApiClient, Task<int>> work) =>
        options.LabClientNamespace(parse) is { } client
            ? await InLabClientAsync(client, parse, output, error)
            : await RunHereAsync(parse, options, error, work);

    /// <summary>Runs this same command again inside the lab's client namespace, relaying its output and exit code.</summary>
    private static async Task<int> InLabClientAsync(string ns, ParseResult parse, TextWriter output, TextWriter error)
    {
        var self = Path.Combine(AppContext.BaseDirectory, "vigil");
        var psi = new ProcessStartInfo("ip", ["netns", "exec", ns, self, .. parse.Tokens.Select(t => t.Value)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment[ApiOptions.LabClientMarker] = "1";
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not run ip netns exec");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await output.WriteAsync(await stdout);
        await error.WriteAsync(await stderr);
        return process.ExitCode;
    }

    private static async Task<int> RunHereAsync(ParseResult parse, ApiOptions options, TextWriter error, Func<ApiClient, Task<int>> work)
    {
        try
        {
            using var client = new ApiClient(options.Resolve(parse));
            return await work(client);
        }
        catch (ApiFailure e)
        {
            await error.WriteLineAsync("vigil: " + e.Message);
            return e.ExitCode;
        }
    }
}
