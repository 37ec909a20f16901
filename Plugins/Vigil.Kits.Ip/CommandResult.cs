using System.Globalization;
using Vigil.Kits.Shared;

namespace Vigil.Kits.Ip;

/// <summary>How one command ended: its command line (for exit reasons), its exit and output, whether its deadline killed it.</summary>
internal sealed record CommandResult(string CommandLine, ScriptResult Result, bool TimedOut)
{
    public bool Succeeded => Result.ExitCode == 0;

    public string Output => Result.Output;

    /// <summary>"`ip addr add …` exited 2: RTNETLINK answers: …" — what an operator needs to see.</summary>
    public string Describe()
    {
        var output = Result.Summary(300) is { Length: > 0 } text ? text : "no output";
        return TimedOut
            ? $"`{CommandLine}` did not finish in time and was killed: {output}"
            : Result.ExitCode is { } code
                ? $"`{CommandLine}` exited {code.ToString(CultureInfo.InvariantCulture)}: {output}"
                : $"`{CommandLine}` could not run: {output}";
    }
}
