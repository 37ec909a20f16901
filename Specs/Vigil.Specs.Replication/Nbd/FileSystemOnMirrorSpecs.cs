using System.Diagnostics;
using Vigil.ReplicationDriver.Client;
using Vigil.Specs.Replication.Support;

namespace Vigil.Specs.Replication.Nbd;

/// <summary>A real file system on a sync mirror: nbdfuse exposes the export as a file, a loop device carries ext4.</summary>
public sealed class FileSystemOnMirrorSpecs : IDisposable
{
    private const long Size = 64 << 20;
    private readonly MirrorLab lab = new("n1", "n2");

    public void Dispose() => this.lab.Dispose();

    [Fact]
    public async Task Ext4OnNbdfuseLoop_FileWrittenAndUnmounted_PresentAndCleanOnTarget()
    {
        await this.lab.StartAllAsync();
        await this.lab.CreateAsync(this.lab.Spec("fs", MirrorMode.Sync, "n1", Size));
        var fuseDir = Directory.CreateDirectory(Path.Combine(this.lab.Root, "fuse")).FullName;
        var mountDir = Directory.CreateDirectory(Path.Combine(this.lab.Root, "mnt")).FullName;
        var pidFile = Path.Combine(this.lab.Root, "nbdfuse.pid");
        var content = $"written through ext4, loop, nbdfuse and vigil-repd {Guid.NewGuid()}\n";
        string? loop = null;
        var mounted = false;
        using var fuse = Process.Start(new ProcessStartInfo("nbdfuse", ["-P", pidFile, Path.Combine(fuseDir, "disk"), "--unix", this.lab.ExportSocket("fs")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        try
        {
            await Poll.UntilAsync(() => File.Exists(pidFile) && new FileInfo(pidFile).Length > 0, TimeSpan.FromSeconds(15), "nbdfuse ready");
            loop = (await Tool.CheckAsync("losetup", "-f", "--show", Path.Combine(fuseDir, "disk"))).Trim();
            await Tool.CheckAsync("mkfs.ext4", "-q", "-F", loop);
            await Tool.CheckAsync("mount", loop, mountDir);
            mounted = true;
            await File.WriteAllTextAsync(Path.Combine(mountDir, "hello.txt"), content);
            await Tool.CheckAsync("umount", mountDir);
            mounted = false;
        }
        finally
        {
            if (mounted)
            {
                await Tool.RunAsync("umount", ["-l", mountDir]);
            }

            if (loop is not null)
            {
                await Tool.RunAsync("losetup", ["-d", loop]);
            }

            await Tool.RunAsync("fusermount3", ["-u", fuseDir]);
            await fuse.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
            if (!fuse.HasExited)
            {
                fuse.Kill(entireProcessTree: true);
            }
        }

        // The target's copy is a clean ext4 holding the file, byte-identical to the primary's.
        var targetCopy = this.lab.Volume("n2", "fs");
        await Tool.CheckAsync("e2fsck", "-fn", targetCopy);
        Assert.Equal(content, await Tool.CheckAsync("debugfs", "-R", "cat /hello.txt", targetCopy));
        Assert.Equal(this.lab.Md5("n1", "fs"), this.lab.Md5("n2", "fs"));
    }
}
