using Vigil.Plugins.Abstractions;
using Vigil.Kits.Shared;

namespace Vigil.Kits.FileSystem;

public sealed partial class FileSystemResourceType
{
    private static async Task<ActionResult> MountAsync(FileSystemSettings settings, ActionContext context)
    {
        var token = context.CancellationToken;
        var (number, problem) = await BlockDevice.WaitAsync(settings.Device, settings.DeviceTimeout, token);
        if (number is null)
        {
            return ActionResult.Failure(problem!);
        }

        var here = MountTable.At(settings.MountPoint);
        if (here?.DeviceNumber == number)
        {
            return ActionResult.Success($"{settings.Describe()} is already mounted");
        }

        if (here is not null)
        {
            return ActionResult.Failure($"{settings.MountPoint} already has {here.Source} ({here.FsType}, device {here.DeviceNumber}) mounted, not {settings.Device} ({number})");
        }

        if (MountTable.Of(number).FirstOrDefault() is { } elsewhere)
        {
            return ActionResult.Failure($"{settings.Device} is already mounted at {elsewhere.MountPoint}; not mounting it twice");
        }

        if (settings.Fsck == "always" && await FsckCheck.RunAsync(settings, token) is { } refused)
        {
            return ActionResult.Failure(refused);
        }

        Directory.CreateDirectory(settings.MountPoint);
        var mount = await Mounter.MountAsync(settings, token);
        if (mount.ExitCode != 0 && settings.Fsck == "on-error")
        {
            FileSystemLog.CheckingAfterFailedMount(context.Logger, settings.Describe(), mount.Summary());
            if (await FsckCheck.RunAsync(settings, token) is { } refusedAfter)
            {
                return ActionResult.Failure($"mount failed ({mount.Summary()}), then {refusedAfter}");
            }

            mount = await Mounter.MountAsync(settings, token);
        }

        if (mount.ExitCode != 0)
        {
            return ActionResult.Failure($"{Tool.Shown("mount", Mounter.MountArguments(settings))} exited with code {Tool.Code(mount)}: {mount.Summary()}");
        }

        if (MountTable.At(settings.MountPoint)?.DeviceNumber != number)
        {
            return ActionResult.Failure($"mount reported success but {settings.MountPoint} does not show {settings.Device} ({number}) in /proc/self/mountinfo");
        }

        FileSystemLog.Mounted(context.Logger, settings.Describe());
        return ActionResult.Success($"{settings.Describe()} mounted");
    }

    private static async Task<ActionResult> CheckAsync(FileSystemSettings settings, ActionContext context)
    {
        var here = MountTable.At(settings.MountPoint);
        if (here is null)
        {
            return ActionResult.NotRunning($"{settings.Describe()} is not mounted");
        }

        var (number, problem) = BlockDevice.Resolve(settings.Device);
        if (number is null)
        {
            return ActionResult.Unhealthy($"{settings.MountPoint} has {here.Source} mounted but {problem}");
        }

        if (here.DeviceNumber != number)
        {
            return ActionResult.Unhealthy($"{settings.MountPoint} has {here.Source} (device {here.DeviceNumber}) mounted, not {settings.Device} ({number})");
        }

        if (settings.ReadOnly)
        {
            return ActionResult.Healthy($"{settings.Describe()} is mounted read-only as configured (no write probe)");
        }

        if (here.ReadOnly)
        {
            return ActionResult.Unhealthy($"{settings.Describe()} is mounted read-only (the kernel does that after I/O or file system errors)");
        }

        return await WriteProbe.RunAsync(settings.MountPoint, context.Tag, context.CancellationToken) is { } failed
            ? ActionResult.Unhealthy(failed)
            : ActionResult.Healthy();
    }
}
