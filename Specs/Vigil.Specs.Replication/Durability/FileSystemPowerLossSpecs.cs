using System.Security.Cryptography;
using Vigil.ReplicationDriver.Client;
using Vigil.Specs.Replication.Support;
using Xunit.Abstractions;

namespace Vigil.Specs.Replication.Durability;

/// <summary>
/// The sync power-loss spec once more through a real file system: ext4 on a loop device on nbdfuse on
/// the export. Files are written and fsync'd (ext4 turns that into NBD FLUSH/FUA), then both nodes lose
/// power; the target is promoted and its copy mounted and checked: every fsync'd file is there, intact.
/// </summary>
public sealed class FileSystemPowerLossSpecs(ITestOutputHelper output) : IDisposable
{
    private const long Size = 64 << 20;
    private readonly MirrorLab lab = new("n1", "n2");

    public void Dispose() => this.lab.Dispose();

    [Fact]
    public async Task Ext4OnSyncMirror_BothNodesLosePower_EveryFsyncedFileIntactOnThePromotedTarget()
    {
        var library = await CrashFs.BuildAsync(this.lab.Root);
        foreach (var node in this.lab.Nodes)
        {
            node.Environment["LD_PRELOAD"] = library;
        }

        await this.lab.StartAllAsync();
        await this.lab.CreateAsync(this.lab.Spec("fs", MirrorMode.Sync, "n1", Size));
        var synced = new Dictionary<string, byte[]>();
        var mount = Path.Combine(this.lab.Root, "mnt");
        await using (var disk = await NbdfuseDisk.AttachAsync(this.lab.ExportSocket("fs"), Directory.CreateDirectory(Path.Combine(this.lab.Root, "primary")).FullName))
        {
            await Tool.CheckAsync("mkfs.ext4", "-q", "-F", disk.Loop);
            await disk.MountAsync(mount);
            var random = new Random(7);
            for (var i = 0; i < 40; i++)
            {
                var content = new byte[random.Next(1, 64) * 1024];
                random.NextBytes(content);
                var name = $"synced-{i:D2}.bin";
                await using (var file = new FileStream(Path.Combine(mount, name), FileMode.CreateNew, FileAccess.Write))
                {
                    await file.WriteAsync(content);
                    file.Flush(flushToDisk: true); // fsync: ext4 commits its journal with a FLUSH and a FUA write
                }

                synced[name] = SHA256.HashData(content);
            }

            for (var i = 0; i < 10; i++)
            {
                // Never fsync'd: allowed to vanish with the power.
                await File.WriteAllBytesAsync(Path.Combine(mount, $"unsynced-{i:D2}.bin"), RandomNumberGenerator.GetBytes(32 * 1024));
            }

            this.lab["n1"].Kill();
            this.lab["n2"].Kill();
            await disk.PullThePlugAsync();
        }

        var discarded = CrashFs.RollBack(this.lab.Volume("n2", "fs"));
        CrashFs.RollBack(this.lab.Volume("n1", "fs"));
        await this.lab["n2"].StartAsync();
        var promoted = await this.lab["n2"].Control.PromoteAsync("fs"); // a sync target cut off from its primary is promotable
        Assert.Equal(MirrorRole.Primary, promoted.Role);
        Assert.True(promoted.Suspended, "a sync primary whose target is lost must hold writes");
        Assert.False((await this.lab["n2"].Control.OutdateAsync("fs", "n1")).Suspended); // the old primary is known dead (fenced)
        await Poll.UntilAsync(() => RepdNode.Accepts(this.lab.ExportSocket("fs")), TimeSpan.FromSeconds(10), "n2's export");

        await using (var disk = await NbdfuseDisk.AttachAsync(this.lab.ExportSocket("fs"), Directory.CreateDirectory(Path.Combine(this.lab.Root, "target")).FullName))
        {
            await disk.MountAsync(mount); // replays ext4's journal through the new primary
            foreach (var (name, hash) in synced)
            {
                var path = Path.Combine(mount, name);
                Assert.True(File.Exists(path), $"fsync'd {name} is missing on the promoted target");
                var found = SHA256.HashData(await File.ReadAllBytesAsync(path));
                Assert.True(hash.SequenceEqual(found), $"fsync'd {name} differs on the promoted target");
            }

            var unsynced = Directory.GetFiles(mount, "unsynced-*").Length;
            await disk.UnmountAsync();
            await Tool.CheckAsync("e2fsck", "-fn", disk.Loop);
            output.WriteLine($"ext4 power loss: {synced.Count} fsync'd files all intact; {unsynced} of 10 unsynced files survived; crashfs discarded {discarded} unflushed writes on the target");
        }
    }
}
