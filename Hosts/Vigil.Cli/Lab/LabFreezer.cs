namespace Vigil.Cli.Lab;

/// <summary>
/// Freezes a node's whole process tree with the cgroup freezer (v1 <c>freezer.state</c>, or v2 <c>cgroup.freeze</c>),
/// as a machine that stops dead and later resumes as if nothing happened — the case leases exist for.
/// </summary>
internal static partial class LabFreezer
{
    private const string V1 = "/sys/fs/cgroup/freezer";
    private const string V2 = "/sys/fs/cgroup/unified";

    public static string GroupFor(string labId, string node) =>
        Directory.Exists(V1) ? Path.Combine(V1, $"{labId}-{node}") : Path.Combine(V2, $"{labId}-{node}");

    /// <summary>Creates the node's cgroup and returns its directory (a process joins it by writing its pid to cgroup.procs), or null without root or a freezer.</summary>
    public static string? TryPrepare(string labId, string node)
    {
        if (!Environment.IsPrivilegedProcess || !(Directory.Exists(V1) || Directory.Exists(V2)))
        {
            return null;
        }

        var group = GroupFor(labId, node);
        Directory.CreateDirectory(group);
        return group;
    }

    public static bool Exists(string labId, string node) => Directory.Exists(GroupFor(labId, node));

    public static void Set(string labId, string node, bool frozen)
    {
        var group = GroupFor(labId, node);
        if (!Directory.Exists(group))
        {
            throw new InvalidOperationException($"{node} has no freezer cgroup ({group}): the lab needs root and a cgroup freezer");
        }

        if (File.Exists(Path.Combine(group, "freezer.state")))
        {
            File.WriteAllText(Path.Combine(group, "freezer.state"), frozen ? "FROZEN" : "THAWED");
        }
        else
        {
            File.WriteAllText(Path.Combine(group, "cgroup.freeze"), frozen ? "1" : "0");
        }
    }

    /// <summary>Sends SIGKILL once to every process in the node's cgroup without waiting (works on a frozen group).</summary>
    public static void SignalAll(string labId, string node)
    {
        var procs = Path.Combine(GroupFor(labId, node), "cgroup.procs");
        foreach (var line in File.Exists(procs) ? File.ReadAllLines(procs) : [])
        {
            if (int.TryParse(line, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var pid))
            {
                _ = Kill(pid, 9);
            }
        }
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);

    /// <summary>SIGKILLs every process in the node's cgroup, including what kits started and detached (setsid): a dead machine runs nothing.</summary>
    public static int KillAll(string labId, string node)
    {
        var procs = Path.Combine(GroupFor(labId, node), "cgroup.procs");
        var killed = 0;
        // Killing can race with forks, and the dead leave the group only once reaped: repeat until it is empty
        // (bounded to about two seconds: a fork bomb must not hang the lab).
        for (var round = 0; round < 200 && File.Exists(procs); round++, Thread.Sleep(10))
        {
            var pids = File.ReadAllLines(procs).Where(l => l.Length > 0).Select(l => int.Parse(l, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            if (pids.Count == 0)
            {
                break;
            }

            foreach (var pid in pids)
            {
                try
                {
                    using var p = System.Diagnostics.Process.GetProcessById(pid);
                    p.Kill();
                    killed++;
                }
                catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                {
                    // Already gone.
                }
            }
        }

        return killed;
    }

    public static void Remove(string labId, string node)
    {
        var group = GroupFor(labId, node);
        if (Directory.Exists(group))
        {
            try
            {
                Set(labId, node, frozen: false);
                KillAll(labId, node);
                Directory.Delete(group);
            }
            catch (IOException)
            {
                // Still has processes (the kernel refuses to remove it): leave it; nothing runs frozen.
            }
        }
    }
}
