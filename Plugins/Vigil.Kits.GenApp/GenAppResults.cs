using Vigil.Kits.Shared;
using Vigil.Plugins.Abstractions;

namespace Vigil.Kits.GenApp;

/// <summary>Turns a script's exit into an action result; the output's tail becomes the exit reason.</summary>
internal static class GenAppResults
{
    public static ActionResult From(ActionContext context, string script, string path, ScriptResult result)
    {
        var output = result.Summary();
        var tail = output.Length == 0 ? "no output" : output;
        if (result.Killed)
        {
            var why = context.CancellationToken.IsCancellationRequested ? $"timed out or was cancelled (timeout {context.Timeout.TotalSeconds:0.###} s)" : "was killed";
            return ActionResult.TimedOut($"{script} script {path} {why}; its process group was killed: {tail}");
        }

        if (result.ExitCode is not { } code)
        {
            return ActionResult.Failure($"{script} script {path}: {tail}");
        }

        var isCheck = context.Action is KitAction.QuickCheck or KitAction.DeepCheck;
        return (isCheck, code) switch
        {
            (true, 0) => ActionResult.Healthy(output),
            (true, GenAppResourceType.NotRunningExitCode) => ActionResult.NotRunning($"{script} script reports '{context.Tag}' not running: {tail}"),
            (true, GenAppResourceType.DegradedExitCode) => ActionResult.Degraded($"{script} script reports '{context.Tag}' degraded: {tail}"),
            (true, _) => ActionResult.Unhealthy($"{script} script exited with code {code}: {tail}"),
            (false, 0) => ActionResult.Success(output),
            _ => ActionResult.Failure($"{script} script {path} exited with code {code}: {tail}"),
        };
    }
}
