using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vigil.Specs.Kits.Support;

/// <summary>Snapshots of kit wire JSON, through the shared <see cref="Vigil.Specs.Support.Snap"/> (which refuses unreviewed snapshots in CI).</summary>
internal static class Snap
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Matches the value's wire JSON (the shape the kit host sends) against the stored snapshot.</summary>
    public static void MatchJson(object value, [CallerFilePath] string file = "", [CallerMemberName] string member = "") =>
        Vigil.Specs.Support.Snap.Match(JsonSerializer.Serialize(value, Json), member, file, member);
}
