using System.Runtime.CompilerServices;
using Snapshooter;
using Snapshooter.Xunit;
using Xunit;

namespace Vigil.Specs.Support;

/// <summary>Snapshot matching that refuses to create a snapshot in CI: a new snapshot must be reviewed and committed.</summary>
public static class Snap
{
    /// <summary>Matches <paramref name="value"/> against <c>__snapshots__/CLASS.NAME.snap</c> next to the calling spec file.</summary>
    public static void Match(object value, string? name = null, [CallerFilePath] string file = "", [CallerMemberName] string member = "")
    {
        var snapshotName = name ?? member;
        var folder = Path.GetDirectoryName(file)!;
        var className = Path.GetFileNameWithoutExtension(file);
        var path = Path.Combine(folder, "__snapshots__", $"{className}.{snapshotName}.snap");
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase) && !File.Exists(path))
        {
            Assert.Fail($"Snapshot {path} is missing: run the specs locally, review the new snapshot and commit it.");
        }

        // Snapshooter adds the __snapshots__ folder itself.
        Snapshot.Match(value, new SnapshotFullName($"{className}.{snapshotName}.snap", folder));
    }
}
