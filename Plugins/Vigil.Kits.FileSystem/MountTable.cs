using System.Text;

namespace Vigil.Kits.FileSystem;

/// <summary>
/// The kernel's mount table (/proc/self/mountinfo, not /etc/mtab): mounts are matched by device number, so a
/// device named through a symlink (/dev/disk/by-uuid/…, /dev/mapper/…) is still recognised.
/// </summary>
internal static class MountTable
{
    public static IReadOnlyList<MountEntry> Read(string path = "/proc/self/mountinfo")
    {
        var entries = new List<MountEntry>();
        foreach (var line in File.ReadLines(path))
        {
            // id parent major:minor root mount-point options [optional fields...] - fstype source super-options
            var fields = line.Split(' ');
            var separator = Array.IndexOf(fields, "-", 6);
            if (fields.Length < 7 || separator < 0 || separator + 2 >= fields.Length)
            {
                continue;
            }

            entries.Add(new MountEntry(fields[2], Unescape(fields[4]), fields[5], fields[separator + 1], Unescape(fields[separator + 2])));
        }

        return entries;
    }

    /// <summary>What is visible at <paramref name="mountPoint"/>: the last mount there (later mounts hide earlier ones).</summary>
    public static MountEntry? At(string mountPoint) => Read().LastOrDefault(e => e.MountPoint == mountPoint);

    /// <summary>Where the device is mounted (any mount point).</summary>
    public static IReadOnlyList<MountEntry> Of(string deviceNumber) => Read().Where(e => e.DeviceNumber == deviceNumber).ToList();

    /// <summary>mountinfo writes space, tab, newline and backslash as \ooo octal.</summary>
    private static string Unescape(string text)
    {
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && IsOctal(text, i + 1))
            {
                builder.Append((char)Convert.ToInt32(text.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                builder.Append(text[i]);
            }
        }

        return builder.ToString();
    }

    private static bool IsOctal(string text, int start) =>
        start + 3 <= text.Length && text.AsSpan(start, 3).ToString().All(c => c is >= '0' and <= '7');
}
