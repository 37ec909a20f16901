using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vigil.Plugins.Hosting;

/// <summary>The wire format: one compact JSON object per line, camelCase, enums as strings.</summary>
internal static class ProtocolJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
