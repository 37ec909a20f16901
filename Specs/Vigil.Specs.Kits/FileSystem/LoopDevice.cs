using Vigil.Specs.Kits.Support;

namespace Vigil.Specs.Kits.FileSystem;

/// <summary>
/// A real block device for one spec: a sparse file in a temp dir on a loop device (losetup -f), made ext4. Dispose
/// unmounts whatever is mounted from it, detaches it and deletes the file, whatever the spec did.
/// </summary>
internal sealed class LoopDevice : IDisposable
{
    public LoopDevice(int megabytes = 32, string fsType = "ext4")
    {
        Image = Path.Combine(Directory, "disk.img");
        using (var file = File.Create(Image))
        {
            file.SetLength(megabytes * 1024L * 1024L);
        }

        Device = Shell.Check("losetup", "--find", "--show", Image).Trim();
        try
        {
            Shell.Check("mkfs." + fsType, "-q", Device);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("vigil-fs-").FullName;

    public string Image { get; }

    public string Device { get; }

    /// <summary>A mount point inside the temp dir that does not exist yet (restore creates it).</summary>
    public string MountPoint => Path.Combine(Directory, "mnt");

    public string DeviceNumber => File.ReadAllText($"/sys/class/block/{Path.GetFileName(Device)}/dev").Trim();

    /// <summary>Mount points of this device, from the kernel's table.</summary>
    public IReadOnlyList<string> MountedAt() => File.ReadLines("/proc/self/mountinfo")
        .Select(line => line.Split(' '))
        .Where(fields => fields[2] == DeviceNumber)
        .Select(fields => fields[4])
        .ToList();

    /// <summary>Zeroes the primary ext superblock (1 KiB at offset 1 KiB), through the device, synced.</summary>
    public void CorruptSuperblock() =>
        Shell.Check("dd", "if=/dev/zero", $"of={Device}", "bs=1024", "seek=1", "count=1", "conv=notrunc,fsync", "status=none");

    public void Dispose()
    {
        if (Device is not null)
        {
            foreach (var mountPoint in MountedAt().Reverse())
            {
                Shell.Run("umount", "-l", mountPoint);
            }

            Shell.Run("losetup", "-d", Device);
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
