using System.Diagnostics;
using System.Globalization;

namespace Vigil.Daemon.Quorum;

/// <summary>
/// fastkill: SIGKILLs every process in vigild's own cgroup except vigild and the processes it must keep (its kit
/// host, which then runs the removes). Under systemd that group is vigild.service, which holds exactly what vigild
/// and its kits started; in the lab it is the node's group. It refuses a group that is the root, or that holds
/// vigild's parent (vigild started from a shell, whose session shares the group), so it never kills the host.
/// </summary>
internal static class CgroupReaper
{
    /// <summary>Kills the group's other processes; returns how many, or the reason it refused.</summary>
    public static (int Killed, string? Refused) KillOthers(IReadOnlySet<int> keep)
    {
        var group = OwnGroup();
        if (group is null)
        {
            return (0, "vigild runs in the root cgroup (or none could be read): killing its group would kill the host");
        }

        var procs = Path.Combine(group, "cgroup.procs");
        var self = Environment.ProcessId;
        var parent = ParentOf(self);
        var pids = Read(procs);
        if (parent is { } p && p > 1 && pids.Contains(p))
        {
            return (0, $"vigild's parent (pid {p}) shares its cgroup {group}: vigild was not started as a service, so its group is not only its own");
        }

        var killed = 0;
        // Processes can fork while being killed: a few passes, bounded.
        for (var pass = 0; pass < 5; pass++)
        {
            var victims = Read(procs).Where(pid => pid != self && !keep.Contains(pid)).ToList();
            if (victims.Count == 0)
            {
                break;
            }

            foreach (var pid in victims)
            {
                try
                {
                    using var process = Process.GetProcessById(pid);
                    process.Kill();
                    killed++;
                }
                catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // Already gone.
                }
            }
        }

        return (killed, null);
    }

    /// <summary>The directory of vigild's cgroup: the unified (v2) one, else the v1 freezer or pids hierarchy.</summary>
    private static string? OwnGroup()
    {
        foreach (var line in File.ReadLines("/proc/self/cgroup"))
        {
            var parts = line.Split(':', 3);
            if (parts.Length != 3 || parts[2] == "/")
            {
                continue;
            }

            var mount = parts[1] switch
            {
                "" => Directory.Exists("/sys/fs/cgroup/unified") ? "/sys/fs/cgroup/unified" : "/sys/fs/cgroup",
                "freezer" => "/sys/fs/cgroup/freezer",
                "pids" => "/sys/fs/cgroup/pids",
                _ => null,
            };
            var dir = mount is null ? null : mount + parts[2];
            if (dir is not null && File.Exists(Path.Combine(dir, "cgroup.procs")))
            {
                return dir;
            }
        }

        return null;
    }

    private static HashSet<int> Read(string procs) =>
        [.. File.ReadAllLines(procs).Where(l => l.Length > 0).Select(l => int.Parse(l, NumberStyles.None, CultureInfo.InvariantCulture))];

    private static int? ParentOf(int pid)
    {
        // /proc/PID/stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after the last ')'.
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var ppid) ? ppid : null;
    }
}
