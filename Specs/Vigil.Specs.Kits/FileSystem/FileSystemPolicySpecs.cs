using Vigil.Kits.FileSystem;
using Vigil.Specs.Kits.Support;

namespace Vigil.Specs.Kits.FileSystem;

/// <summary>The fsck policies on a corrupted ext4, and xfs end to end.</summary>
public sealed class FileSystemPolicySpecs
{
    private readonly FileSystemResourceType _type = new();

    [Fact]
    public async Task Restore_FsckOnErrorAndACorruptSuperblock_MountFailsThenFsckRefusesAndBothAreInTheReason()
    {
        using var disk = new LoopDevice();
        disk.CorruptSuperblock();
        var parameters = new Dictionary<string, string> { ["device"] = disk.Device, ["mountPoint"] = disk.MountPoint, ["fsck"] = "on-error" };

        var result = await Contexts.RunAsync(_type, KitAction.Restore, "fs", parameters);

        Assert.False(result.Succeeded);
        Assert.StartsWith("mount failed (", result.ExitReason, StringComparison.Ordinal);
        Assert.Contains($"then fsck.ext4 -p {disk.Device} exited with code 8", result.ExitReason, StringComparison.Ordinal);
        Assert.Empty(disk.MountedAt());
    }

    [Fact]
    public async Task Restore_FsckNeverAndACorruptSuperblock_FailsWithMountsOwnError()
    {
        using var disk = new LoopDevice();
        disk.CorruptSuperblock();
        var parameters = new Dictionary<string, string> { ["device"] = disk.Device, ["mountPoint"] = disk.MountPoint, ["fsck"] = "never" };

        var result = await Contexts.RunAsync(_type, KitAction.Restore, "fs", parameters);

        Assert.False(result.Succeeded);
        Assert.Contains($"mount -t ext4 -o defaults {disk.Device} {disk.MountPoint} exited with code 32", result.ExitReason, StringComparison.Ordinal);
        Assert.DoesNotContain("fsck", result.ExitReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RestoreCheckRemove_Xfs_ChecksWithXfsRepairMountsAndUnmounts()
    {
        // mkfs.xfs wants at least 300 MB; the file is sparse, so this costs a few MB.
        using var disk = new LoopDevice(megabytes: 320, fsType: "xfs");
        var parameters = new Dictionary<string, string> { ["device"] = disk.Device, ["mountPoint"] = disk.MountPoint, ["fsType"] = "xfs" };

        var restore = await Contexts.RunAsync(_type, KitAction.Restore, "fs", parameters);
        Assert.True(restore.Succeeded, restore.ExitReason);
        Assert.Equal(CheckState.Healthy, (await Contexts.RunAsync(_type, KitAction.DeepCheck, "fs", parameters)).Check);
        Assert.True((await Contexts.RunAsync(_type, KitAction.Remove, "fs", parameters)).Succeeded);

        Assert.Empty(disk.MountedAt());
    }
}
