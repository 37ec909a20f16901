using System.Globalization;
using Vigil.Kits.Shared;

namespace Vigil.Kits.Mirror;

/// <summary>
/// The primary's export as a block device without the kernel's nbd module: nbdfuse shows the export as a file, a loop
/// device sits on that file, and <c>device</c> links to the loop device (what the file system kit mounts). nbdfuse
/// runs detached (setsid), so it outlives the action; remove detaches the loop device and unmounts the FUSE file,
/// which ends nbdfuse. Loop devices left by a crash (their nbdfuse died with the node) are detached first.
/// </summary>
internal sealed class NbdAttach(string directory, string exportSocket, string device)
{
    private string FuseDir => Path.Combine(directory, "fuse");

    private string Disk => Path.Combine(FuseDir, "disk");

    private string PidFile => Path.Combine(directory, "nbdfuse.pid");

    /// <summary>The loop device the device path links to, when the chain is whole (nbdfuse alive, loop on its file).</summary>
    public string? Healthy()
    {
        var pid = NbdfusePid();
        if (pid is not { } running || !Alive(running))
        {
            return null;
        }

        var target = new FileInfo(device).LinkTarget;
        if (target is null || !target.StartsWith("/dev/loop", StringComparison.Ordinal))
        {
            return null;
        }

        var backing = $"/sys/block/{Path.GetFileName(target)}/loop/backing_file";
        return File.Exists(backing) && File.ReadAllText(backing).Trim() == Disk ? target : null;
    }

    public async Task<string?> AttachAsync(CancellationToken token)
    {
        if (Healthy() is not null)
        {
            return null;
        }

        await DetachAsync(token);
        Directory.CreateDirectory(FuseDir);
        File.Delete(PidFile);
        // Detached from the kit host (setsid -f) with its output in a log file, so the action's pipes close.
        var start = await Tool.RunAsync("sh", ["-c", "setsid -f nbdfuse -P \"$1\" \"$2\" --unix \"$3\" </dev/null >>\"$4\" 2>&1", "sh", PidFile, Disk, exportSocket, Path.Combine(directory, "nbdfuse.log")], token);
        if (start.ExitCode != 0)
        {
            return $"nbdfuse did not start (exit {Tool.Code(start)}): {start.Summary()}";
        }

        while (NbdfusePid() is null)
        {
            await Task.Delay(50, token); // the pid file is nbdfuse's "ready" signal; the action's timeout bounds the wait
        }

        var loop = await Tool.RunAsync("losetup", ["--find", "--show", Disk], token);
        if (loop.ExitCode != 0)
        {
            return $"losetup --find --show {Disk} exited with code {Tool.Code(loop)}: {loop.Summary()}";
        }

        var temporary = device + ".new";
        File.Delete(temporary);
        File.CreateSymbolicLink(temporary, loop.Output.Trim());
        File.Move(temporary, device, overwrite: true);
        return null;
    }

    public async Task DetachAsync(CancellationToken token)
    {
        // From sysfs, not `losetup -j`: after a crash the FUSE file is gone, and only sysfs still names it.
        foreach (var loop in LoopsOn(Disk))
        {
            await Tool.RunAsync("losetup", ["-d", loop], token);
            if (new FileInfo(device).LinkTarget == loop)
            {
                File.Delete(device);
            }
        }

        if (Directory.Exists(FuseDir))
        {
            await Tool.RunAsync("fusermount3", ["-u", FuseDir], token);
        }

        if (NbdfusePid() is { } pid)
        {
            while (Alive(pid))
            {
                await Task.Delay(50, token); // nbdfuse exits once its mount is gone
            }

            File.Delete(PidFile);
        }
    }

    private int? NbdfusePid() =>
        File.Exists(PidFile) && int.TryParse(File.ReadAllText(PidFile).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;

    private static IEnumerable<string> LoopsOn(string file) =>
        Directory.Exists("/sys/block")
            ? Directory.EnumerateDirectories("/sys/block", "loop*")
                .Where(d => File.Exists(Path.Combine(d, "loop", "backing_file")) && ReadOrEmpty(Path.Combine(d, "loop", "backing_file")).StartsWith(file, StringComparison.Ordinal))
                .Select(d => "/dev/" + Path.GetFileName(d))
                .ToList()
            : [];

    /// <summary>An nbdfuse, running and not a zombie (a pid file left by a crash may name a reused pid).</summary>
    private static bool Alive(int pid)
    {
        var stat = ReadOrEmpty($"/proc/{pid}/stat");
        return stat.Contains("(nbdfuse)", StringComparison.Ordinal) && !stat.Contains(") Z", StringComparison.Ordinal);
    }

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
