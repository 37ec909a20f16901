using Vigil.Kits.Shared;
using Vigil.Plugins.Abstractions;

namespace Vigil.Kits.GenApp;

/// <summary>
/// Type <c>genapp</c>: runs <c>SCRIPT -t TAG -i ID</c> with VIGIL_* variables; exit 0 = success.
/// quickCheck/deepCheck: 0 healthy, 7 not running, 10 degraded (in service, unprotected), other = unhealthy.
/// </summary>
public sealed class GenAppResourceType : ResourceType
{
    /// <summary>quickCheck/deepCheck exit code meaning "cleanly stopped" (as in OCF).</summary>
    public const int NotRunningExitCode = 7;

    /// <summary>quickCheck/deepCheck exit code meaning "in service but unprotected" (ISU).</summary>
    public const int DegradedExitCode = 10;

    /// <inheritdoc/>
    public override ResourceTypeDefinition Definition { get; } = GenAppDefinition.Create();

    /// <inheritdoc/>
    public override Task<ActionResult> RestoreAsync(ActionContext context) => RunScriptAsync(context, GenAppDefinition.Restore);

    /// <inheritdoc/>
    public override Task<ActionResult> RemoveAsync(ActionContext context) => RunScriptAsync(context, GenAppDefinition.Remove);

    /// <inheritdoc/>
    public override Task<ActionResult> QuickCheckAsync(ActionContext context) => RunScriptAsync(context, GenAppDefinition.QuickCheck);

    /// <inheritdoc/>
    public override Task<ActionResult> DeepCheckAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Parameters.ContainsKey(GenAppDefinition.DeepCheck)
            ? RunScriptAsync(context, GenAppDefinition.DeepCheck)
            : QuickCheckAsync(context);
    }

    /// <inheritdoc/>
    public override Task<ActionResult> RecoverAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Parameters.ContainsKey(GenAppDefinition.Recover)
            ? RunScriptAsync(context, GenAppDefinition.Recover)
            : Task.FromResult(ActionResult.Failure($"'{context.Tag}' has no recover script: local recovery is not possible, fail over"));
    }

    /// <inheritdoc/>
    public override async Task<ActionResult> ValidateAsync(ActionContext context)
    {
        var schema = await base.ValidateAsync(context).ConfigureAwait(false);
        if (!schema.Succeeded)
        {
            return schema;
        }

        var problems = GenAppDefinition.Scripts
            .Where(context.Parameters.ContainsKey)
            .Select(name => ScriptProblem(name, context.Parameters[name]))
            .OfType<string>()
            .ToList();
        return problems.Count == 0 ? ActionResult.Success() : ActionResult.ConfigurationFailure(string.Join("; ", problems));
    }

    /// <inheritdoc/>
    public override Task<ActionResult> CanExtendAsync(ActionContext context) => ValidateAsync(context);

    private static string? ScriptProblem(string name, string path) =>
        !File.Exists(path) ? $"{name} script {path} does not exist"
        : (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) == 0 ? $"{name} script {path} is not executable"
        : null;

    private async Task<ActionResult> RunScriptAsync(ActionContext context, string script)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!context.Parameters.TryGetValue(script, out var path))
        {
            return ActionResult.ConfigurationFailure($"'{context.Tag}' has no {script} script");
        }

        if (ScriptProblem(script, path) is { } problem)
        {
            return ActionResult.ConfigurationFailure(problem);
        }

        var invocation = new ScriptInvocation(path, ["-t", context.Tag, "-i", context.Id], GenAppEnvironment.For(context, Definition))
        {
            StandardInput = context.Parameters.GetValueOrDefault(GenAppDefinition.Secret),
            WorkingDirectory = Path.GetDirectoryName(path),
        };
        var result = await ScriptRunner.RunAsync(invocation, context.CancellationToken).ConfigureAwait(false);
        return GenAppResults.From(context, script, path, result);
    }
}
