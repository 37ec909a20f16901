using Vigil.Specs.Kits.Support;

namespace Vigil.Specs.Kits.FileSystem;

/// <summary>
/// Both kits deployed the way an operator does (their build output copied into kits/Vigil.Kits.Dns and
/// kits/Vigil.Kits.FileSystem) load in a real vigil-kithost and run actions there.
/// </summary>
public sealed class FileSystemKitHostSpecs
{
    [Fact]
    public async Task ListKitsAsync_DnsAndFileSystemKitFolders_LoadWithTheirTypes()
    {
        using var kits = new TempKits("Vigil.Kits.Dns", "Vigil.Kits.FileSystem");
        await using var client = kits.Client();

        var list = (await client.ListKitsAsync(Requests.Deadline())).ToDictionary(k => k.Name);

        Assert.True(list["Vigil.Kits.Dns"].Loaded, list["Vigil.Kits.Dns"].LoadError);
        Assert.Equal(["dns"], list["Vigil.Kits.Dns"].Types.Select(t => t.Name));
        Assert.True(list["Vigil.Kits.FileSystem"].Loaded, list["Vigil.Kits.FileSystem"].LoadError);
        Assert.Equal(["filesystem"], list["Vigil.Kits.FileSystem"].Types.Select(t => t.Name));
    }

    [Fact]
    public async Task RunAsync_FileSystemThroughTheKitHost_MountsChecksAndUnmounts()
    {
        using var disk = new LoopDevice();
        using var kits = new TempKits("Vigil.Kits.FileSystem");
        await using var client = kits.Client();
        var parameters = new Dictionary<string, string> { ["device"] = disk.Device, ["mountPoint"] = disk.MountPoint };
        KitActionRequest Run(KitAction action) => Requests.Run("filesystem", action, "data", parameters, TimeSpan.FromSeconds(30));

        var restore = await client.RunAsync(Run(KitAction.Restore), Requests.Deadline());
        Assert.True(restore.Succeeded, restore.ExitReason);
        Assert.Equal(CheckState.Healthy, (await client.RunAsync(Run(KitAction.QuickCheck), Requests.Deadline())).Check);
        Assert.True((await client.RunAsync(Run(KitAction.Remove), Requests.Deadline())).Succeeded);
        Assert.Equal(CheckState.NotRunning, (await client.RunAsync(Run(KitAction.QuickCheck), Requests.Deadline())).Check);
        Assert.Empty(disk.MountedAt());
    }
}
