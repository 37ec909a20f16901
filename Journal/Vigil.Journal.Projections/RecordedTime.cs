using System.Globalization;
using System.Text.Json;
using JasperFx.Events;

namespace Vigil.Journal.Projections;

/// <summary>
/// The recording node's timestamp of an event, at full precision: the <c>vigil.ts</c> header (Marten's timestamp
/// column is the same moment cut to PostgreSQL's microseconds, and the in-memory report works in ticks).
/// </summary>
internal static class RecordedTime
{
    private const string Header = "vigil.ts";

    public static DateTimeOffset Of(IEvent e)
    {
        // Marten may hand a header that looks like a date back already parsed.
        switch (e.Headers?.GetValueOrDefault(Header))
        {
            case DateTimeOffset parsed:
                return parsed.ToUniversalTime();
            case DateTime parsed:
                return new DateTimeOffset(DateTime.SpecifyKind(parsed.Kind == DateTimeKind.Local ? parsed.ToUniversalTime() : parsed, DateTimeKind.Utc));
            default:
                break;
        }

        var text = e.Headers is not null && e.Headers.TryGetValue(Header, out var value)
            ? value switch
            {
                JsonElement { ValueKind: JsonValueKind.String } s => s.GetString(),
                string s => s,
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value?.ToString(),
            }
            : null;
        return text is not null && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : e.Timestamp;
    }
}
