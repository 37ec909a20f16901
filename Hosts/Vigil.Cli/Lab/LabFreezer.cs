namespace Vigil.Cli.Lab;

/// <summary>
/// Freezes a node's whole process tree with the cgroup freezer (v1 <c>freezer.state</c>, or v2 <c>cgroup.freeze</c>),
/// as a machine that stops dead and later resumes as if nothing happened — the case leases exist for.
/// </summary>
internal static class LabFreezer
{
    private const string V1 = "/sys/fs/cgroup/freezer";
    private const string V2 = "/sys/fs/cgroup/unified";

    public static string GroupFor(string labId, string node) =>
        Directory.Exists(V1) ? Path.Combine(V1, $"{labId}-{node}") : Path.Combine(V2, $"{labId}-{node}");

    /// <summary>Puts the process (and so its future children) into the node's freezer cgroup.</summary>
    public static void Adopt(string labId, string node, int pid)
    {
        var group = GroupFor(labId, node);
        Directory.CreateDirectory(group);
        File.WriteAllText(Path.Combine(group, "cgroup.procs"), pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

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

    public static void Remove(string labId, string node)
    {
        var group = GroupFor(labId, node);
        if (Directory.Exists(group))
        {
            try
            {
                Set(labId, node, frozen: false);
                Directory.Delete(group);
            }
            catch (IOException)
            {
                // Still has processes (the kernel refuses to remove it): leave it; nothing runs frozen.
            }
        }
    }
}
