using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Snapshooter;
using Snapshooter.Xunit;

namespace Vigil.Specs.Kits.Support;

/// <summary>Snapshot matching that refuses to create a snapshot in CI: a new snapshot must be reviewed and committed.</summary>
internal static class Snap
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Matches the value's wire JSON (the shape the kit host sends) against the stored snapshot.</summary>
    public static void MatchJson(object value, [CallerFilePath] string file = "", [CallerMemberName] string member = "")
    {
        var folder = Path.GetDirectoryName(file)!;
        var className = Path.GetFileNameWithoutExtension(file);
        var path = Path.Combine(folder, "__snapshots__", $"{className}.{member}.snap");
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase) && !File.Exists(path))
        {
            Assert.Fail($"Snapshot {path} is missing: run the specs locally, review the new snapshot and commit it.");
        }

        Snapshot.Match(JsonSerializer.Serialize(value, Json), new SnapshotFullName($"{className}.{member}.snap", folder));
    }
}
