using System.Buffers;
using System.Text.Json;
using Vigil.Engine;
using Vigil.Engine.Commands;

namespace Vigil.Consensus;

/// <summary>
/// The Raft entry format for engine inputs: UTF-8 JSON <c>{"type":"input.node-dead.v1","data":{…}}</c>, the type
/// being the input's versioned journal name from <see cref="EngineEvents.Registry"/> and the data its payload from
/// <see cref="EngineEvents.Serializer"/>. Renaming a CLR type therefore never breaks a stored Raft log.
/// </summary>
public static class EngineInputCodec
{
    /// <summary>Encodes an engine input as one Raft entry payload.</summary>
    /// <exception cref="ArgumentException">The input's type has no registered name.</exception>
    public static byte[] Encode(IEngineInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var name = EngineEvents.Registry.NameOf(input.GetType());
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", name);
            writer.WritePropertyName("data");
            writer.WriteRawValue(EngineEvents.Serializer.SerializeData(input), skipInputValidation: true);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes an entry payload written by <see cref="Encode"/>.</summary>
    /// <exception cref="InvalidDataException">The payload is not an encoded engine input.</exception>
    /// <exception cref="Vigil.Journal.UnknownEventTypeException">The type name is not registered (a newer node wrote it).</exception>
    public static IEngineInput Decode(ReadOnlyMemory<byte> payload)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException("A committed entry is not JSON; it was not written by EngineInputCodec.", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidDataException("A committed entry lacks its \"type\" or \"data\" property.");
            }

            var name = type.GetString()!;
            return EngineEvents.Serializer.DeserializeData(name, data.GetRawText()) as IEngineInput
                ?? throw new InvalidDataException($"Committed entry type '{name}' is not an engine input.");
        }
    }
}
