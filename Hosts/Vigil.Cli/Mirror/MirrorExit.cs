namespace Vigil.Cli.Mirror;

/// <summary>
/// Exit codes of <c>vigil mirror</c>, on top of the CLI's 0 (success), 1 (a followed resync did not finish)
/// and 2 (bad usage or input).
/// </summary>
internal static class MirrorExit
{
    /// <summary>vigil-repd refused the command; its reason is printed and nothing changed.</summary>
    public const int Refused = CliApp.Refused;

    /// <summary>The control socket could not be reached (vigil-repd not running, wrong path, no permission).</summary>
    public const int Unreachable = CliApp.Unreachable;
}
