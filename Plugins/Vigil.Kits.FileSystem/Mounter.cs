using Vigil.Kits.Shared;

namespace Vigil.Kits.FileSystem;

/// <summary>mount, remount and umount, argv only.</summary>
internal static class Mounter
{
    public static Task<ScriptResult> MountAsync(FileSystemSettings settings, CancellationToken token) =>
        Tool.RunAsync("mount", MountArguments(settings), token);

    public static IReadOnlyList<string> MountArguments(FileSystemSettings settings) =>
        ["-t", settings.FsType, "-o", settings.Options, settings.Device, settings.MountPoint];

    public static Task<ScriptResult> RemountAsync(FileSystemSettings settings, CancellationToken token) =>
        Tool.RunAsync("mount", ["-o", RemountOptions(settings), settings.MountPoint], token);

    /// <summary>"defaults" does not mean rw on a remount: ask for rw explicitly unless the file system is meant read-only.</summary>
    public static string RemountOptions(FileSystemSettings settings) => (settings.ReadOnly ? "remount," : "remount,rw,") + settings.Options;

    public static Task<ScriptResult> UnmountAsync(FileSystemSettings settings, CancellationToken token) =>
        Tool.RunAsync("umount", [settings.MountPoint], token);
}
