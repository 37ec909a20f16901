namespace Vigil.Kits.FileSystem;

/// <summary>
/// Proves the file system takes writes: create a hidden file, write, fsync, delete. Runs off the caller's thread so a
/// hung device turns into a timed-out check rather than a hung action.
/// </summary>
internal static class WriteProbe
{
    /// <summary>Why the probe failed, or <see langword="null"/>.</summary>
    public static async Task<string?> RunAsync(string mountPoint, string tag, CancellationToken token)
    {
        var path = Path.Combine(mountPoint, $".vigil-probe-{Environment.ProcessId}-{tag}");
        var probe = Task.Run(() =>
        {
            try
            {
                using (var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None))
                {
                    stream.Write("vigil write probe\n"u8);
                    stream.Flush(flushToDisk: true);
                }

                File.Delete(path);
                return null;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return $"write probe {path} failed: {ex.Message}";
            }
        }, CancellationToken.None);
        return await probe.WaitAsync(token);
    }
}
