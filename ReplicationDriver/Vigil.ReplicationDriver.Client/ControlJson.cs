using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vigil.ReplicationDriver.Client;

/// <summary>The JSON settings of the control protocol (camelCase, enums as camelCase strings), shared by both ends.</summary>
public static class ControlJson
{
    /// <summary>The options every control line is written and read with.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
