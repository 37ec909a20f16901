namespace Vigil.Kits.FileSystem;

/// <summary>A block device's number (major:minor), read from sysfs after following symlinks; how mounts are matched.</summary>
internal static class BlockDevice
{
    /// <summary>The device's major:minor, or why there is none (missing, or not a block device).</summary>
    public static (string? Number, string? Problem) Resolve(string device)
    {
        if (!File.Exists(device))
        {
            return (null, $"device {device} does not exist");
        }

        var real = new FileInfo(device).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? device;
        var sys = Path.Combine("/sys/class/block", Path.GetFileName(real), "dev");
        try
        {
            return (File.ReadAllText(sys).Trim(), null);
        }
        catch (IOException)
        {
            return (null, $"{device} is not a block device (no {sys})");
        }
    }

    /// <summary>Waits (polling) for the device to appear, up to <paramref name="within"/> or the token.</summary>
    public static async Task<(string? Number, string? Problem)> WaitAsync(string device, TimeSpan within, CancellationToken token)
    {
        var deadline = DateTime.UtcNow + within;
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (true)
        {
            var (number, problem) = Resolve(device);
            if (number is not null || DateTime.UtcNow >= deadline)
            {
                return (number, number is null && within > TimeSpan.Zero ? $"{problem} (waited {within.TotalSeconds:0} s)" : problem);
            }

            await tick.WaitForNextTickAsync(token);
        }
    }
}
