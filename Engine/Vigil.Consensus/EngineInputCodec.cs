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
    /// <param name="input">The input.</param>
    /// <param name="at">
    /// The time the proposer stamps on it: every member decides the input at this time (failure expiry must not depend on
    /// which node applies it, nor when). Omitted, members decide at their engine's current time.
    /// </param>
    /// <exception cref="ArgumentException">The input's type has no registered name.</exception>
    public static byte[] Encode(IEngineInput input, DateTimeOffset? at = null)
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
            if (at is { } stamped)
            {
                writer.WriteNumber("at", stamped.ToUnixTimeMilliseconds());
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Decodes an entry payload written by <see cref="Encode"/>.</summary>
    /// <exception cref="InvalidDataException">The payload is not an encoded engine input.</exception>
    /// <exception cref="Vigil.Journal.UnknownEventTypeException">The type name is not registered (a newer node wrote it).</exception>
    public static IEngineInput Decode(ReadOnlyMemory<byte> payload) => DecodeStamped(payload).Input;

    /// <summary>Decodes an entry payload written by <see cref="Encode"/> with the time its proposer stamped on it, if any.</summary>
    /// <exception cref="InvalidDataException">The payload is not an encoded engine input.</exception>
    /// <exception cref="Vigil.Journal.UnknownEventTypeException">The type name is not registered (a newer node wrote it).</exception>
    public static (IEngineInput Input, DateTimeOffset? At) DecodeStamped(ReadOnlyMemory<byte> payload)
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
            var input = EngineEvents.Serializer.DeserializeData(name, data.GetRawText()) as IEngineInput
                ?? throw new InvalidDataException($"Committed entry type '{name}' is not an engine input.");
            DateTimeOffset? at = root.TryGetProperty("at", out var ms) && ms.TryGetInt64(out var unix)
                ? DateTimeOffset.FromUnixTimeMilliseconds(unix)
                : null;
            return (input, at);
        }
    }
}
