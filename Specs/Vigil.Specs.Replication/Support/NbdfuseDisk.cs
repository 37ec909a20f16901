using System.Diagnostics;

namespace Vigil.Specs.Replication.Support;

/// <summary>
/// An NBD export as a kernel block device without the nbd module: nbdfuse shows the export as a file, a
/// loop device sits on that file, and the file system can be mounted. Dispose tears everything down
/// lazily (umount -l, losetup -d, fusermount3 -uz, kill), so it also works after the export died.
/// </summary>
internal sealed class NbdfuseDisk : IAsyncDisposable
{
    private readonly Process fuse;
    private readonly string fuseDir;
    private string? mountDir;

    private NbdfuseDisk(Process fuse, string fuseDir, string loop)
    {
        this.fuse = fuse;
        this.fuseDir = fuseDir;
        this.Loop = loop;
    }

    public string Loop { get; }

    public static async Task<NbdfuseDisk> AttachAsync(string exportSocket, string directory)
    {
        var fuseDir = Directory.CreateDirectory(Path.Combine(directory, "fuse")).FullName;
        var pidFile = Path.Combine(directory, "nbdfuse.pid");
        var fuse = Process.Start(new ProcessStartInfo("nbdfuse", ["-P", pidFile, Path.Combine(fuseDir, "disk"), "--unix", exportSocket])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        try
        {
            await Poll.UntilAsync(() => (File.Exists(pidFile) && new FileInfo(pidFile).Length > 0) || fuse.HasExited, TimeSpan.FromSeconds(15), "nbdfuse ready");
            if (fuse.HasExited)
            {
                Assert.Fail("nbdfuse exited: " + await fuse.StandardError.ReadToEndAsync());
            }

            var loop = (await Tool.CheckAsync("losetup", "-f", "--show", Path.Combine(fuseDir, "disk"))).Trim();
            return new NbdfuseDisk(fuse, fuseDir, loop);
        }
        catch
        {
            // losetup may have attached before it timed out: detach whatever loop device holds the file.
            var (_, attached, _) = await Tool.RunAsync("losetup", ["-j", Path.Combine(fuseDir, "disk")]);
            foreach (var line in attached.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                await Tool.RunAsync("losetup", ["-d", line.Split(':')[0]]);
            }

            await Tool.RunAsync("fusermount3", ["-uz", fuseDir]);
            fuse.Kill(entireProcessTree: true);
            fuse.Dispose();
            throw;
        }
    }

    public async Task MountAsync(string directory)
    {
        Directory.CreateDirectory(directory);
        await Tool.CheckAsync("mount", this.Loop, directory);
        this.mountDir = directory;
    }

    public async Task UnmountAsync()
    {
        if (this.mountDir is { } dir)
        {
            await Tool.CheckAsync("umount", dir);
            this.mountDir = null;
        }
    }

    /// <summary>
    /// After the export died: kill nbdfuse first so every pending and later I/O of the file system fails at
    /// once (instead of waiting on a dead export), then unmount, detach the loop device and the FUSE mount.
    /// </summary>
    public async Task PullThePlugAsync()
    {
        this.fuse.Kill(entireProcessTree: true);
        await this.fuse.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        if (this.mountDir is { } dir)
        {
            await Tool.CheckAsync("umount", dir);
            this.mountDir = null;
        }

        await Tool.CheckAsync("losetup", "-d", this.Loop);
        await Tool.RunAsync("fusermount3", ["-uz", this.fuseDir]);
        await Poll.UntilAsync(() => !File.Exists($"/sys/block/{Path.GetFileName(this.Loop)}/loop/backing_file"), TimeSpan.FromSeconds(20), $"{this.Loop} detached");
    }

    public async ValueTask DisposeAsync()
    {
        if (this.fuse.HasExited && this.mountDir is null)
        {
            this.fuse.Dispose();
            return; // pulled already
        }

        if (this.mountDir is { } dir)
        {
            await Tool.RunAsync("umount", ["-l", dir]);
        }

        await Tool.RunAsync("losetup", ["-d", this.Loop]);
        await Tool.RunAsync("fusermount3", ["-uz", this.fuseDir]);
        await this.fuse.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ContinueWith(_ => { }, TaskScheduler.Default);
        if (!this.fuse.HasExited)
        {
            this.fuse.Kill(entireProcessTree: true);
        }

        this.fuse.Dispose();
    }
}
