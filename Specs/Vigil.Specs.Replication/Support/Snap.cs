using System.Runtime.CompilerServices;
using Snapshooter;
using Snapshooter.Xunit;

namespace Vigil.Specs.Replication.Support;

/// <summary>Snapshot matching that refuses to create a snapshot in CI: a new snapshot must be reviewed and committed.</summary>
internal static class Snap
{
    public static void Match(string text, [CallerFilePath] string file = "", [CallerMemberName] string member = "")
    {
        var folder = Path.GetDirectoryName(file)!;
        var className = Path.GetFileNameWithoutExtension(file);
        var path = Path.Combine(folder, "__snapshots__", $"{className}.{member}.snap");
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase) && !File.Exists(path))
        {
            Assert.Fail($"Snapshot {path} is missing: run the specs locally, review the new snapshot and commit it.");
        }

        Snapshot.Match(text, new SnapshotFullName($"{className}.{member}.snap", folder));
    }
}
