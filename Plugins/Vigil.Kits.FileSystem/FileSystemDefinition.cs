using Vigil.Plugins.Abstractions;

namespace Vigil.Kits.FileSystem;

/// <summary>The <c>filesystem</c> parameter schema; cross-checks (mount point not <c>/</c>) live in <see cref="FileSystemSettings"/>.</summary>
internal static class FileSystemDefinition
{
    public const string Device = "device";
    public const string FsType = "fsType";
    public const string MountPoint = "mountPoint";
    public const string Options = "options";
    public const string Fsck = "fsck";
    public const string UsageThreshold = "usageThreshold";
    public const string KillHolders = "killHolders";
    public const string DeviceTimeout = "deviceTimeout";

    public static ResourceTypeDefinition Create() => new()
    {
        Name = "filesystem",
        Description = "A file system on a block device: checked (fsck -p) and mounted on restore, unmounted on remove, " +
                      "probed with a write on quickCheck, its usage watched on deepCheck.",
        Parameters =
        [
            new() { Name = Device, Type = ParameterType.Path, Required = true, Description = "the block device (a stable name is best: /dev/disk/by-uuid/..., /dev/mapper/...)" },
            new() { Name = FsType, Type = ParameterType.Enum, AllowedValues = ["ext4", "ext3", "ext2", "xfs"], Default = "ext4", Description = "the file system type" },
            new() { Name = MountPoint, Type = ParameterType.Path, Required = true, Description = "where to mount it (created when missing; never /)" },
            new() { Name = Options, Default = "defaults", Pattern = "[A-Za-z0-9_=.:/@+-]+(,[A-Za-z0-9_=.:/@+-]+)*", Description = "mount options, comma-separated (mount -o)" },
            new()
            {
                Name = Fsck, Type = ParameterType.Enum, AllowedValues = ["always", "on-error", "never"], Default = "always",
                Description = "always: check before every mount (fsck -p; cheap on a clean file system, replays the journal after a crash); " +
                              "on-error: check only when the mount fails, then mount again; never: just mount",
            },
            new() { Name = UsageThreshold, Type = ParameterType.Int, Default = "90", Minimum = 1, Maximum = 100, Description = "deepCheck reports in service, unprotected (ISU) at this usage percentage or more" },
            new() { Name = KillHolders, Type = ParameterType.Bool, Default = "false", Description = "remove stops (SIGKILL) the processes holding the file system when it is busy, then unmounts" },
            new() { Name = DeviceTimeout, Type = ParameterType.Int, Default = "10", Minimum = 0, Maximum = 3600, Description = "seconds restore waits for the device to appear (storage attached late after a failover)" },
        ],
        Timeouts = new ActionTimeouts
        {
            Restore = TimeSpan.FromSeconds(300),
            Remove = TimeSpan.FromSeconds(60),
            QuickCheck = TimeSpan.FromSeconds(20),
            DeepCheck = TimeSpan.FromSeconds(30),
            Recover = TimeSpan.FromSeconds(300),
            Validate = TimeSpan.FromSeconds(10),
            CanExtend = TimeSpan.FromSeconds(10),
        },
    };
}
