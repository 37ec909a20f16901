using Vigil.Plugins.Abstractions;
using Vigil.Kits.Shared;

namespace Vigil.Kits.FileSystem;

public sealed partial class FileSystemResourceType
{
    private static async Task<ActionResult> UnmountAsync(FileSystemSettings settings, ActionContext context)
    {
        var token = context.CancellationToken;
        var here = MountTable.At(settings.MountPoint);
        if (here is null)
        {
            return ActionResult.Success($"{settings.Describe()} is not mounted");
        }

        var (number, _) = BlockDevice.Resolve(settings.Device);
        if (here.DeviceNumber != number && here.Source != settings.Device)
        {
            return ActionResult.Success($"{settings.MountPoint} has {here.Source} mounted, not {settings.Device}: left alone");
        }

        var umount = await Mounter.UnmountAsync(settings, token);
        if (umount.ExitCode == 0)
        {
            FileSystemLog.Unmounted(context.Logger, settings.Describe());
            return ActionResult.Success();
        }

        var holders = Holders.Find(settings.MountPoint);
        if (holders.Count == 0)
        {
            return ActionResult.Failure($"umount {settings.MountPoint} exited with code {Tool.Code(umount)}: {umount.Summary()}");
        }

        if (!settings.KillHolders)
        {
            return ActionResult.Failure($"umount {settings.MountPoint}: busy, held by {Holders.Describe(holders)}; " +
                                        $"stop them, or set {FileSystemDefinition.KillHolders}=true to have remove kill them");
        }

        // Kill, then try again until the kernel lets go (SIGKILL is delivered at once, the exit that frees the files a moment later).
        var killed = Holders.Describe(holders);
        FileSystemLog.KillingHolders(context.Logger, settings.Describe(), killed);
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (true)
        {
            Holders.Kill(holders);
            umount = await Mounter.UnmountAsync(settings, token);
            if (umount.ExitCode == 0)
            {
                FileSystemLog.Unmounted(context.Logger, settings.Describe());
                return ActionResult.Success($"{settings.Describe()} unmounted after killing {killed}");
            }

            await tick.WaitForNextTickAsync(token);
            holders = Holders.Find(settings.MountPoint);
        }
    }
}
