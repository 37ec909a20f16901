using Vigil.Kits.Shared;
using Vigil.Plugins.Abstractions;

namespace Vigil.Kits.Ocf;

/// <summary>Maps an agent's exit code to an action result, faithfully: 7 on stop is a clean stop, 2/5/6 are configuration errors.</summary>
internal static class OcfResults
{
    public static ActionResult Map(string ocfAction, string agent, ScriptResult result, TimeSpan timeout)
    {
        var tail = result.Summary() is { Length: > 0 } output ? output : "no output";
        if (result.Killed)
        {
            return ActionResult.TimedOut($"{agent} {ocfAction} timed out after {timeout.TotalSeconds:0.###} s; its process group was killed: {tail}");
        }

        if (result.ExitCode is not { } code)
        {
            return ActionResult.Failure($"{agent} {ocfAction}: {tail}");
        }

        var exit = (OcfExitCode)code;
        var reason = $"{agent} {ocfAction} exited {code} ({Name(code)}): {tail}";
        var configuration = exit is OcfExitCode.ErrArgs or OcfExitCode.ErrInstalled or OcfExitCode.ErrConfigured;
        return ocfAction switch
        {
            "monitor" => exit switch
            {
                OcfExitCode.Success => ActionResult.Healthy(),
                OcfExitCode.RunningPromoted => ActionResult.Healthy("running promoted"),
                OcfExitCode.NotRunning => ActionResult.NotRunning(reason),
                _ => ActionResult.Unhealthy(reason) with { ConfigurationError = configuration },
            },
            "stop" when exit is OcfExitCode.Success or OcfExitCode.NotRunning => ActionResult.Success(),
            "validate-all" when exit is OcfExitCode.ErrUnimplemented => ActionResult.Success($"{agent} has no validate-all"),
            _ when exit == OcfExitCode.Success => ActionResult.Success(),
            _ when configuration => ActionResult.ConfigurationFailure(reason),
            _ => ActionResult.Failure(reason),
        };
    }

    public static string Name(int code) => code switch
    {
        0 => "OCF_SUCCESS",
        1 => "OCF_ERR_GENERIC",
        2 => "OCF_ERR_ARGS",
        3 => "OCF_ERR_UNIMPLEMENTED",
        4 => "OCF_ERR_PERM",
        5 => "OCF_ERR_INSTALLED",
        6 => "OCF_ERR_CONFIGURED",
        7 => "OCF_NOT_RUNNING",
        8 => "OCF_RUNNING_PROMOTED",
        9 => "OCF_FAILED_PROMOTED",
        _ => "not an OCF exit code",
    };
}
