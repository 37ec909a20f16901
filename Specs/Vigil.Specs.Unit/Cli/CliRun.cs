using Vigil.Cli;

namespace Vigil.Specs.Unit.Cli;

/// <summary>Runs the real `vigil` command tree in process, capturing its output and exit code.</summary>
internal static class CliRun
{
    public static async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.RunAsync(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
