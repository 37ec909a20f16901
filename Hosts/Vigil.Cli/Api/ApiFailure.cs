namespace Vigil.Cli.Api;

/// <summary>A control API call that did not succeed, with the exit code `vigil` returns for it (docs/operations.md).</summary>
internal sealed class ApiFailure(int exitCode, string message) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
