using System.Globalization;
using System.Text.RegularExpressions;

namespace Vigil.Engine.Audit;

/// <summary>Moments as operators type them: ISO 8601 (UTC when no offset is given) or relative to now (<c>-10m</c>, <c>-2h</c>, <c>-90s</c>, <c>-1d</c>).</summary>
public static partial class HistoryTime
{
    /// <summary>Parses <paramref name="text"/>; null with <paramref name="problem"/> set when it is neither form.</summary>
    public static DateTimeOffset? Parse(string text, DateTimeOffset now, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(text);
        problem = null;
        var relative = Relative().Match(text.Trim());
        if (relative.Success)
        {
            var amount = double.Parse(relative.Groups["n"].Value, CultureInfo.InvariantCulture);
            var span = relative.Groups["unit"].Value switch
            {
                "ms" => TimeSpan.FromMilliseconds(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "h" => TimeSpan.FromHours(amount),
                _ => TimeSpan.FromDays(amount),
            };
            return now - span;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
        {
            return parsed;
        }

        problem = $"'{text}' is not a moment: give ISO 8601 (2026-11-25T03:12:00Z) or a time ago (-10m, -2h, -90s, -1d)";
        return null;
    }

    [GeneratedRegex(@"^-(?<n>\d+(\.\d+)?)(?<unit>ms|s|m|h|d)$", RegexOptions.CultureInvariant)]
    private static partial Regex Relative();
}
