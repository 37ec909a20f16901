using Vigil.Kits.FileSystem;
using Vigil.Specs.Kits.Support;

namespace Vigil.Specs.Kits.FileSystem;

/// <summary>validate names the parameter and the value that is wrong.</summary>
public sealed class FileSystemValidationSpecs
{
    [Theory]
    [InlineData("mountPoint", "/", "parameter 'mountPoint': '/' is / or not a plain absolute path")]
    [InlineData("mountPoint", "/srv/../etc", "parameter 'mountPoint': '/srv/../etc' is / or not a plain absolute path")]
    [InlineData("mountPoint", "srv/data", "parameter 'mountPoint': 'srv/data' is not an absolute path")]
    [InlineData("device", "/srv/disk.img", "parameter 'device': '/srv/disk.img' is not under /dev")]
    [InlineData("device", "/dev/vigil-no-such-disk", "parameter 'device': device /dev/vigil-no-such-disk does not exist")]
    [InlineData("device", "/dev/null", "parameter 'device': /dev/null is not a block device")]
    [InlineData("fsType", "ntfs", "parameter 'fsType': 'ntfs' is not one of ext4, ext3, ext2, xfs")]
    [InlineData("options", "rw noatime", "parameter 'options': 'rw noatime' does not match")]
    [InlineData("fsck", "sometimes", "parameter 'fsck': 'sometimes' is not one of always, on-error, never")]
    [InlineData("usageThreshold", "101", "parameter 'usageThreshold': '101' is outside [1, 100]")]
    public async Task Validate_BadValue_IsAConfigurationErrorNamingFieldAndValue(string field, string value, string expected)
    {
        var parameters = new Dictionary<string, string> { ["device"] = "/dev/loop0", ["mountPoint"] = "/srv/vigil-data" };
        parameters[field] = value;

        var result = await Contexts.RunAsync(new FileSystemResourceType(), KitAction.Validate, "fs", parameters);

        Assert.True(result.ConfigurationError, result.ExitReason);
        Assert.Contains(expected, result.ExitReason, StringComparison.Ordinal);
    }
}
