using Vigil.Kits.Shared;

namespace Vigil.Kits.FileSystem;

/// <summary>
/// The check before a mount. ext2/3/4: <c>fsck.TYPE -p</c> (preen: fixes what is safe, replays the journal); exit 0 or 1
/// is fine, 2 and above refuse the mount. xfs: <c>xfs_repair -n</c> (report only); a dirty log (exit 2) is fine,
/// the mount replays it.
/// </summary>
internal static class FsckCheck
{
    public static string ToolFor(string fsType) => fsType == "xfs" ? "xfs_repair" : "fsck." + fsType;

    /// <summary>Why the check refuses the file system, or <see langword="null"/> when it may be mounted.</summary>
    public static async Task<string?> RunAsync(FileSystemSettings settings, CancellationToken token)
    {
        var tool = ToolFor(settings.FsType);
        string[] arguments = settings.FsType == "xfs" ? ["-n", settings.Device] : ["-p", settings.Device];
        var result = await Tool.RunAsync(tool, arguments, token);
        var ok = result.ExitCode is 0 || (settings.FsType == "xfs" ? result.ExitCode is 2 : result.ExitCode is 1);
        return ok ? null : $"{Tool.Shown(tool, arguments)} exited with code {Tool.Code(result)} ({Meaning(settings.FsType, result.ExitCode)}); not mounted: {result.Summary()}";
    }

    private static string Meaning(string fsType, int? code) => fsType == "xfs"
        ? code == 1 ? "corruption found" : "check failed"
        : code switch
        {
            null => "killed",
            >= 128 => "shared-library error",
            >= 32 => "cancelled",
            >= 16 => "usage error",
            >= 8 => "operational error, e.g. no readable superblock",
            >= 4 => "errors left uncorrected: run fsck by hand",
            _ => "errors corrected, reboot asked",
        };
}
