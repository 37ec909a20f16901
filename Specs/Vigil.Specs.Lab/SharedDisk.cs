namespace Vigil.Specs.Lab;

/// <summary>
/// The lab's shared disk: a sparse file on a loop device, made ext4. Block devices are not per network namespace,
/// so every lab node sees <see cref="Device"/> as a machine sees a SAN LUN. Mounts are per node: each vigild runs
/// under <c>ip netns exec</c>, which also gives it a mount namespace of its own (a slave of the host's), so a file
/// system mounted by a node's kit host is visible to that node's processes only — as on separate machines — and a
/// crashed node's mount goes away with its last process. Dispose detaches the device and deletes the file.
/// </summary>
internal sealed class SharedDisk : IDisposable
{
    public SharedDisk()
    {
        var image = Path.Combine(Directory, "disk.img");
        using (var file = File.Create(image))
        {
            file.SetLength(32L * 1024 * 1024);
        }

        Device = Vigil.Cli.Lab.Shell.Run("losetup", "--find", "--show", image).Trim();
        Vigil.Cli.Lab.Shell.Run("mkfs.ext4", "-q", Device);
    }

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("vigil-lab-disk-").FullName;

    public string Device { get; }

    /// <summary>major:minor, as /proc/PID/mountinfo names the device.</summary>
    public string DeviceNumber => File.ReadAllText($"/sys/class/block/{Path.GetFileName(Device)}/dev").Trim();

    /// <summary>Whether the process <paramref name="pid"/> (a node's application) sees this device mounted at <paramref name="mountPoint"/>.</summary>
    public bool MountedFor(int pid, string mountPoint) =>
        File.ReadLines($"/proc/{pid}/mountinfo").Select(l => l.Split(' ')).Any(f => f[2] == DeviceNumber && f[4] == mountPoint);

    public void Dispose()
    {
        // The lab is down by now; the kernel detaches the device once the last mount of it is gone (autoclear).
        Vigil.Cli.Lab.Shell.TryRun("losetup", "-d", Device);
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
