using System.Diagnostics;
using Vigil.Kits.FileSystem;
using Vigil.Specs.Kits.Support;

namespace Vigil.Specs.Kits.FileSystem;

/// <summary>The filesystem kit on real loop devices with ext4, as root: mount, unmount, holders, fsck, usage, recovery.</summary>
public sealed class FileSystemKitSpecs : IDisposable
{
    private readonly LoopDevice _disk = new();
    private readonly FileSystemResourceType _type = new();
    private readonly string _tag = "fs" + Guid.NewGuid().ToString("N")[..8];
    private Process? _holder;

    private Dictionary<string, string> Parameters(params (string Name, string Value)[] extra)
    {
        var parameters = new Dictionary<string, string> { ["device"] = _disk.Device, ["mountPoint"] = _disk.MountPoint };
        foreach (var (name, value) in extra)
        {
            parameters[name] = value;
        }

        return parameters;
    }

    private Task<ActionResult> RunAsync(KitAction action, Dictionary<string, string> parameters, TimeSpan? timeout = null) =>
        Contexts.RunAsync(_type, action, _tag, parameters, timeout);

    [Fact]
    public async Task Restore_CreatesTheMountPointAndMounts_QuickCheckIsHealthy()
    {
        Assert.False(Directory.Exists(_disk.MountPoint));

        AssertSucceeded(await RunAsync(KitAction.Restore, Parameters()));

        Assert.Equal([_disk.MountPoint], _disk.MountedAt());
        Assert.Equal(CheckState.Healthy, (await RunAsync(KitAction.QuickCheck, Parameters())).Check);
        Assert.Empty(Directory.GetFiles(_disk.MountPoint, ".vigil-probe-*"));
    }

    [Fact]
    public async Task Remove_Mounted_Unmounts()
    {
        AssertSucceeded(await RunAsync(KitAction.Restore, Parameters()));

        AssertSucceeded(await RunAsync(KitAction.Remove, Parameters()));

        Assert.Empty(_disk.MountedAt());
    }

    [Fact]
    public async Task Remove_WhileAProcessHoldsAFile_FailsNamingIt_AndWithKillHoldersKillsItAndUnmounts()
    {
        AssertSucceeded(await RunAsync(KitAction.Restore, Parameters()));
        var data = Path.Combine(_disk.MountPoint, "data.log");
        File.WriteAllText(data, "payload\n");
        _holder = Process.Start(new ProcessStartInfo("tail", ["-f", data]) { RedirectStandardOutput = true })!;
        Assert.True(SpinWait.SpinUntil(() => HolderHasOpen(data), TimeSpan.FromSeconds(10)), "tail did not open the file");

        var refused = await RunAsync(KitAction.Remove, Parameters());

        Assert.False(refused.Succeeded);
        Assert.Contains($"umount {_disk.MountPoint}: busy, held by {_holder.Id} (tail)", refused.ExitReason, StringComparison.Ordinal);
        Assert.Contains("killHolders=true", refused.ExitReason, StringComparison.Ordinal);
        Assert.Equal([_disk.MountPoint], _disk.MountedAt());

        AssertSucceeded(await RunAsync(KitAction.Remove, Parameters(("killHolders", "true"))));

        Assert.Empty(_disk.MountedAt());
        Assert.True(ProcessProbe.AllDead([_holder.Id], TimeSpan.FromSeconds(10)), "the holder survived");
    }

    [Fact]
    public async Task Restore_CorruptSuperblock_FsckRefusesWithTheReason_AndNothingIsMounted()
    {
        _disk.CorruptSuperblock();

        var result = await RunAsync(KitAction.Restore, Parameters());

        Assert.False(result.Succeeded);
        Assert.Contains($"fsck.ext4 -p {_disk.Device} exited with code 8 (operational error", result.ExitReason, StringComparison.Ordinal);
        Assert.Contains("superblock", result.ExitReason, StringComparison.Ordinal);
        Assert.Empty(_disk.MountedAt());
    }

    [Fact]
    public async Task DeepCheck_FilledOverTheThreshold_IsDegradedWithThePercentage()
    {
        var parameters = Parameters(("usageThreshold", "60"));
        AssertSucceeded(await RunAsync(KitAction.Restore, parameters));
        var before = await RunAsync(KitAction.DeepCheck, parameters);
        Assert.Equal(CheckState.Healthy, before.Check);

        Fill(_disk.MountPoint, percent: 75);

        var after = await RunAsync(KitAction.DeepCheck, parameters);
        Assert.Equal(CheckState.Degraded, after.Check);
        Assert.Matches($@"^{_disk.MountPoint} is (7[5-9]|8\d)% full \(threshold 60%\)$", after.ExitReason);
        Assert.Equal(CheckState.Healthy, (await RunAsync(KitAction.QuickCheck, parameters)).Check);
    }

    [Fact]
    public async Task QuickCheck_AfterAnExternalUmount_IsNotRunning_AndRecoverRemounts()
    {
        AssertSucceeded(await RunAsync(KitAction.Restore, Parameters()));
        File.WriteAllText(Path.Combine(_disk.MountPoint, "kept"), "data\n");
        Shell.Check("umount", _disk.MountPoint);

        var check = await RunAsync(KitAction.QuickCheck, Parameters());
        Assert.Equal(CheckState.NotRunning, check.Check);
        Assert.Contains("is not mounted", check.ExitReason, StringComparison.Ordinal);

        AssertSucceeded(await RunAsync(KitAction.Recover, Parameters()));
        Assert.Equal([_disk.MountPoint], _disk.MountedAt());
        Assert.Equal("data\n", File.ReadAllText(Path.Combine(_disk.MountPoint, "kept")));
    }

    [Fact]
    public async Task Recover_MountedReadOnlyBehindItsBack_RemountsReadWrite()
    {
        AssertSucceeded(await RunAsync(KitAction.Restore, Parameters()));
        Shell.Check("mount", "-o", "remount,ro", _disk.MountPoint);
        var check = await RunAsync(KitAction.QuickCheck, Parameters());
        Assert.Equal(CheckState.Unhealthy, check.Check);
        Assert.Contains("read-only", check.ExitReason, StringComparison.Ordinal);

        AssertSucceeded(await RunAsync(KitAction.Recover, Parameters()));

        Assert.Equal(CheckState.Healthy, (await RunAsync(KitAction.QuickCheck, Parameters())).Check);
    }

    [Fact]
    public async Task Restore_AnotherDeviceOnTheMountPoint_FailsNamingIt()
    {
        using var other = new LoopDevice();
        Directory.CreateDirectory(_disk.MountPoint);
        Shell.Check("mount", other.Device, _disk.MountPoint);

        var result = await RunAsync(KitAction.Restore, Parameters());

        Assert.False(result.Succeeded);
        Assert.Contains($"{_disk.MountPoint} already has {other.Device} (ext4", result.ExitReason, StringComparison.Ordinal);
        Assert.Empty(_disk.MountedAt());
        Shell.Check("umount", _disk.MountPoint);
    }

    private bool HolderHasOpen(string path)
    {
        try
        {
            return Directory.GetFiles($"/proc/{_holder!.Id}/fd").Any(fd => new FileInfo(fd).LinkTarget == path);
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Writes real blocks (not a sparse file) until the file system is at least <paramref name="percent"/>% used.</summary>
    private static void Fill(string mountPoint, int percent)
    {
        var drive = new DriveInfo(mountPoint);
        var used = drive.TotalSize - drive.TotalFreeSpace;
        var target = (used + drive.AvailableFreeSpace) * percent / 100 - used;
        var chunk = new byte[1 << 20];
        Random.Shared.NextBytes(chunk);
        using var file = new FileStream(Path.Combine(mountPoint, "filler"), FileMode.Create);
        for (long written = 0; written < target; written += chunk.Length)
        {
            file.Write(chunk, 0, (int)Math.Min(chunk.Length, target - written));
        }

        file.Flush(flushToDisk: true);
    }

    private static void AssertSucceeded(ActionResult result) => Assert.True(result.Succeeded, $"{result.Outcome}: {result.ExitReason}");

    public void Dispose()
    {
        if (_holder is { HasExited: false })
        {
            _holder.Kill();
        }

        _holder?.Dispose();
        _disk.Dispose();
    }
}
