using System.Text.Json;
using System.Text.Json.Serialization;

namespace Vigil.Journal;

/// <summary>JSON for payloads and the canonical bytes the hash chain covers. Stores use it so every store hashes alike.</summary>
public sealed class EventSerializer(EventTypeRegistry registry)
{
    /// <summary>Options used for payloads everywhere (stores, CLI --json, snapshots).</summary>
    public static readonly JsonSerializerOptions Options = CreateOptions();

    public EventTypeRegistry Registry { get; } = registry;

    public byte[] SerializeData(IVigilEvent data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return JsonSerializer.SerializeToUtf8Bytes(data, data.GetType(), Options);
    }

    public string SerializeDataToString(IVigilEvent data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return JsonSerializer.Serialize(data, data.GetType(), Options);
    }

    public IVigilEvent DeserializeData(string eventType, ReadOnlySpan<byte> json)
    {
        var type = Registry.TypeOf(eventType);
        return (IVigilEvent)(JsonSerializer.Deserialize(json, type, Options)
            ?? throw new JsonException($"Event payload of type '{eventType}' is null."));
    }

    public IVigilEvent DeserializeData(string eventType, string json)
    {
        var type = Registry.TypeOf(eventType);
        return (IVigilEvent)(JsonSerializer.Deserialize(json, type, Options)
            ?? throw new JsonException($"Event payload of type '{eventType}' is null."));
    }

    /// <summary>
    /// The bytes the hash chain covers: every envelope field but the hash itself, in a fixed order, with the
    /// payload re-serialized from its typed form (so a store that reformats JSON, like PostgreSQL's jsonb,
    /// still verifies).
    /// </summary>
    public byte[] CanonicalBytes(EventEnvelope e)
    {
        ArgumentNullException.ThrowIfNull(e);
        using var buffer = new MemoryStream(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("id", e.EventId);
            w.WriteString("node", e.Node);
            w.WriteNumber("seq", e.Sequence);
            w.WriteNumber("ts", e.Timestamp.UtcTicks);
            w.WriteString("hlc", e.Hlc.ToString());
            w.WriteString("corr", e.CorrelationId);
            if (e.CausationId is { } cause)
            {
                w.WriteString("cause", cause);
            }

            w.WriteNumber("kind", (int)e.Kind);
            w.WriteString("stream", e.StreamId);
            w.WriteString("type", e.EventType);
            w.WritePropertyName("data");
            JsonSerializer.Serialize(w, e.Data, e.Data.GetType(), Options);
            w.WriteString("prev", e.PreviousHash);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            WriteIndented = false,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
