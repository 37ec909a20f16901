using System.Diagnostics;
using System.Globalization;

namespace Vigil.Kits.FileSystem;

/// <summary>
/// The processes holding a mounted file system, found by scanning /proc: a working directory, root, executable, open
/// file or mapped file under the mount point. Own scan rather than fuser: fuser's output drowns in errors where it may
/// not read some process (a container's init), and reading links needs no parsing. The kit host itself is never a target.
/// </summary>
internal static class Holders
{
    /// <summary>The holders' process ids.</summary>
    public static IReadOnlyList<int> Find(string mountPoint)
    {
        var holders = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
                && pid != Environment.ProcessId && Holds(directory, mountPoint))
            {
                holders.Add(pid);
            }
        }

        return holders;
    }

    /// <summary>"1234 (tail), 5678 (bash)" for an exit reason.</summary>
    public static string Describe(IEnumerable<int> pids) => string.Join(", ", pids.Select(pid => $"{pid} ({Command(pid)})"));

    /// <summary>SIGKILL to each (a process already gone is fine).</summary>
    public static void Kill(IEnumerable<int> pids)
    {
        foreach (var pid in pids)
        {
            try
            {
                using var process = Process.GetProcessById(pid);
                process.Kill();
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // gone already, or not ours to kill: the next unmount attempt tells
            }
        }
    }

    private static bool Holds(string process, string mountPoint)
    {
        try
        {
            var links = new[] { "cwd", "root", "exe" }.Select(name => Path.Combine(process, name))
                .Concat(Directory.EnumerateFiles(Path.Combine(process, "fd")));
            if (links.Any(link => Under(new FileInfo(link).LinkTarget, mountPoint)))
            {
                return true;
            }

            // maps: "address perms offset dev inode   /path" — the path is the sixth field and may hold spaces.
            return File.ReadLines(Path.Combine(process, "maps"))
                .Select(line => line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Any(fields => fields.Length == 6 && Under(fields[5], mountPoint));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false; // the process ended, or may not be read (a sandbox's init)
        }
    }

    private static bool Under(string? path, string mountPoint) =>
        path is not null && (path == mountPoint || path.StartsWith(mountPoint + "/", StringComparison.Ordinal));

    private static string Command(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (IOException)
        {
            return "gone";
        }
    }
}
