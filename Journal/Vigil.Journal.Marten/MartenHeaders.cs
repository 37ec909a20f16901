using System.Globalization;
using System.Text.Json;
using JasperFx.Events;

namespace Vigil.Journal.Marten;

/// <summary>
/// The envelope fields Marten has no column for travel as event headers (jsonb) under these names; correlation and
/// causation ids use Marten's own columns, the event id is Marten's event id, the stream is Marten's stream key.
/// </summary>
internal static class MartenHeaders
{
    public const string Node = "vigil.node";
    public const string Sequence = "vigil.seq";
    public const string Hlc = "vigil.hlc";
    public const string Kind = "vigil.kind";
    public const string PreviousHash = "vigil.prev";
    public const string Hash = "vigil.hash";
    public const string EventType = "vigil.type";
    public const string Timestamp = "vigil.ts";

    public static void Stamp(IEvent target, EventEnvelope e)
    {
        target.Id = e.EventId;
        target.CorrelationId = e.CorrelationId.ToString();
        target.CausationId = e.CausationId?.ToString();
        target.Timestamp = e.Timestamp;
        target.SetHeader(Node, e.Node);
        target.SetHeader(Sequence, e.Sequence);
        target.SetHeader(Hlc, e.Hlc.ToString());
        target.SetHeader(Kind, e.Kind.ToString());
        target.SetHeader(PreviousHash, e.PreviousHash);
        target.SetHeader(Hash, e.Hash);
        target.SetHeader(EventType, e.EventType);
        target.SetHeader(Timestamp, FormatTimestamp(e.Timestamp));
    }

    public static string FormatTimestamp(DateTimeOffset timestamp) => timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    /// <summary>Rebuilds an envelope from a row's columns and its headers object.</summary>
    public static EventEnvelope Envelope(
        Guid id, string streamId, string? correlationId, string? causationId, IVigilEvent data, Func<string, string?> header)
    {
        string Required(string name) => header(name) ?? throw new InvalidDataException($"Event {id} has no '{name}' header: it was not written by Vigil.");
        return new EventEnvelope(
            id,
            Required(Node),
            long.Parse(Required(Sequence), NumberStyles.Integer, CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(Required(Timestamp), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal).ToUniversalTime(),
            HlcTimestamp.Parse(Required(Hlc)),
            Guid.Parse(correlationId ?? throw new InvalidDataException($"Event {id} has no correlation id.")),
            string.IsNullOrEmpty(causationId) ? null : Guid.Parse(causationId),
            Enum.Parse<EventKind>(Required(Kind)),
            streamId,
            Required(EventType),
            data,
            header(PreviousHash) ?? string.Empty,
            Required(Hash));
    }

    /// <summary>A header read through Marten (values arrive as <see cref="JsonElement"/> or CLR primitives).</summary>
    public static string? Text(object? value) => value switch
    {
        null => null,
        JsonElement { ValueKind: JsonValueKind.String } s => s.GetString(),
        JsonElement { ValueKind: JsonValueKind.Null } => null,
        JsonElement other => other.GetRawText(),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
