using Vigil.Kits.FileSystem;
using Vigil.Plugins.Testing;

namespace Vigil.Specs.Kits.FileSystem;

/// <summary>
/// The filesystem kit passes the conformance suite on a fresh ext4 loop device per test. The hanging restore waits
/// for a device that never appears (storage attached late), far longer than its timeout.
/// </summary>
public sealed class FileSystemConformanceTests : KitConformanceTests, IDisposable
{
    private readonly LoopDevice _disk = new();

    protected override ResourceType CreateResourceType() => new FileSystemResourceType();

    protected override IReadOnlyDictionary<string, string> CreateParameters(string tag) =>
        new Dictionary<string, string> { ["device"] = _disk.Device, ["mountPoint"] = _disk.MountPoint };

    protected override IReadOnlyDictionary<string, string> CreateHangingParameters(string tag) =>
        new Dictionary<string, string> { ["device"] = "/dev/vigil-never-" + tag, ["mountPoint"] = _disk.MountPoint, ["deviceTimeout"] = "600" };

    protected override IReadOnlyDictionary<string, string> CreateInvalidParameters(string tag) =>
        new Dictionary<string, string> { ["device"] = _disk.Device, ["mountPoint"] = "/" };

    public void Dispose() => _disk.Dispose();
}
