namespace Vigil.Kits.FileSystem;

/// <summary>How full a mounted file system is, as df counts it: used / (used + available to users), rounded up.</summary>
internal static class Usage
{
    public static int PercentUsed(string mountPoint)
    {
        var drive = new DriveInfo(mountPoint);
        var used = drive.TotalSize - drive.TotalFreeSpace;
        var usable = used + drive.AvailableFreeSpace;
        return usable <= 0 ? 0 : (int)((used * 100 + usable - 1) / usable);
    }
}
