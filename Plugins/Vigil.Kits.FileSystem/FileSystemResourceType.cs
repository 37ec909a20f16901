using Vigil.Plugins.Abstractions;
using Vigil.Kits.Shared;

namespace Vigil.Kits.FileSystem;

/// <summary>
/// Type <c>filesystem</c>: restore checks (fsck policy) and mounts; remove unmounts, stopping holders when allowed;
/// quickCheck wants the device mounted at the mount point (matched by device number in /proc/self/mountinfo) and a
/// write probe to succeed; deepCheck adds the usage threshold (ISU above it); recover remounts.
/// </summary>
public sealed partial class FileSystemResourceType : ResourceType
{
    /// <inheritdoc/>
    public override ResourceTypeDefinition Definition { get; } = FileSystemDefinition.Create();

    /// <inheritdoc/>
    public override Task<ActionResult> RestoreAsync(ActionContext context) => GuardAsync(context, MountAsync);

    /// <inheritdoc/>
    public override Task<ActionResult> RemoveAsync(ActionContext context) => GuardAsync(context, UnmountAsync);

    /// <inheritdoc/>
    public override Task<ActionResult> QuickCheckAsync(ActionContext context) => GuardAsync(context, CheckAsync);

    /// <summary>quickCheck, then usage: at or over the threshold the file system is in service but unprotected (ISU).</summary>
    /// <param name="context">The action's context.</param>
    /// <returns>The result.</returns>
    public override Task<ActionResult> DeepCheckAsync(ActionContext context) => GuardAsync(context, async (settings, context) =>
    {
        var check = await CheckAsync(settings, context);
        if (check.Check != CheckState.Healthy)
        {
            return check;
        }

        var percent = Usage.PercentUsed(settings.MountPoint);
        return percent >= settings.UsageThreshold
            ? ActionResult.Degraded($"{settings.MountPoint} is {percent}% full (threshold {settings.UsageThreshold}%)")
            : ActionResult.Healthy($"{settings.MountPoint} is {percent}% full");
    });

    /// <summary>Remounts in place (mount -o remount) when mounted, mounts again when not; then the quickCheck must pass.</summary>
    /// <param name="context">The action's context.</param>
    /// <returns>The result.</returns>
    public override Task<ActionResult> RecoverAsync(ActionContext context) => GuardAsync(context, async (settings, context) =>
    {
        var (number, _) = BlockDevice.Resolve(settings.Device);
        if (number is not null && MountTable.At(settings.MountPoint)?.DeviceNumber == number)
        {
            var remount = await Mounter.RemountAsync(settings, context.CancellationToken);
            if (remount.ExitCode != 0)
            {
                return ActionResult.Failure($"mount -o {Mounter.RemountOptions(settings)} {settings.MountPoint} exited with code {Tool.Code(remount)}: {remount.Summary()}");
            }
        }
        else
        {
            var mount = await MountAsync(settings, context);
            if (!mount.Succeeded)
            {
                return mount;
            }
        }

        var check = await CheckAsync(settings, context);
        return check.Succeeded ? ActionResult.Success($"{settings.Describe()} remounted") : ActionResult.Failure($"remounted, but still failing: {check.ExitReason}");
    });

    /// <inheritdoc/>
    public override Task<ActionResult> ValidateAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (settings, errors) = FileSystemSettings.Parse(Definition, context.Parameters);
        if (settings is null)
        {
            return Task.FromResult(ActionResult.ConfigurationFailure(string.Join("; ", errors)));
        }

        var problems = new List<string>();
        var tools = new List<string> { "mount", "umount" };
        tools.AddRange(settings.Fsck == "never" ? [] : [FsckCheck.ToolFor(settings.FsType)]);
        problems.AddRange(tools.Where(tool => !Tool.OnPath(tool)).Select(tool => $"{tool} is not installed on node '{context.Node}'"));
        if (BlockDevice.Resolve(settings.Device).Problem is { } device)
        {
            problems.Add($"parameter '{FileSystemDefinition.Device}': {device}");
        }

        if (File.Exists(settings.MountPoint))
        {
            problems.Add($"parameter '{FileSystemDefinition.MountPoint}': '{settings.MountPoint}' is a file, not a directory");
        }

        return Task.FromResult(problems.Count == 0 ? ActionResult.Success() : ActionResult.ConfigurationFailure(string.Join("; ", problems)));
    }

    /// <summary>A node can be a backup when it sees the device and has the tools.</summary>
    /// <param name="context">The action's context.</param>
    /// <returns>The result.</returns>
    public override Task<ActionResult> CanExtendAsync(ActionContext context) => ValidateAsync(context);

    /// <summary>Parses the parameters, runs the action, and turns the token firing into a timed-out result.</summary>
    private async Task<ActionResult> GuardAsync(ActionContext context, Func<FileSystemSettings, ActionContext, Task<ActionResult>> action)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (settings, errors) = FileSystemSettings.Parse(Definition, context.Parameters);
        if (settings is null)
        {
            var reason = string.Join("; ", errors);
            return context.Action is KitAction.QuickCheck or KitAction.DeepCheck
                ? ActionResult.Unhealthy(reason) with { ConfigurationError = true }
                : ActionResult.ConfigurationFailure(reason);
        }

        try
        {
            var result = await action(settings, context);
            return result.Outcome == ActionOutcome.Failed && context.CancellationToken.IsCancellationRequested
                ? ActionResult.TimedOut($"{context.Action} of {settings.Describe()} ran out of time ({context.Timeout.TotalSeconds:0.#} s): {result.ExitReason}")
                : result;
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            return ActionResult.TimedOut($"{context.Action} of {settings.Describe()} did not finish within {context.Timeout.TotalSeconds:0.#} s");
        }
    }
}
