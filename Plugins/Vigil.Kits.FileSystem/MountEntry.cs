namespace Vigil.Kits.FileSystem;

/// <summary>One line of /proc/self/mountinfo: the device number (major:minor), where, how, what type, from what source.</summary>
internal sealed record MountEntry(string DeviceNumber, string MountPoint, string Options, string FsType, string Source)
{
    public bool ReadOnly => Options.Split(',').Contains("ro", StringComparer.Ordinal);
}
