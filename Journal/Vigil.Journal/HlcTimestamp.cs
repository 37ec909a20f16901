using System.Globalization;

namespace Vigil.Journal;

/// <summary>
/// A hybrid logical clock stamp: physical milliseconds plus a logical counter. Ordering by it respects
/// causality across nodes even when their wall clocks disagree.
/// </summary>
public readonly record struct HlcTimestamp(long WallMilliseconds, int Logical) : IComparable<HlcTimestamp>
{
    public int CompareTo(HlcTimestamp other)
    {
        var c = WallMilliseconds.CompareTo(other.WallMilliseconds);
        return c != 0 ? c : Logical.CompareTo(other.Logical);
    }

    public static bool operator <(HlcTimestamp a, HlcTimestamp b) => a.CompareTo(b) < 0;
    public static bool operator >(HlcTimestamp a, HlcTimestamp b) => a.CompareTo(b) > 0;
    public static bool operator <=(HlcTimestamp a, HlcTimestamp b) => a.CompareTo(b) <= 0;
    public static bool operator >=(HlcTimestamp a, HlcTimestamp b) => a.CompareTo(b) >= 0;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{WallMilliseconds}.{Logical}");

    public static HlcTimestamp Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0)
        {
            throw new FormatException($"'{text}' is not a hybrid logical clock stamp (expected 'millis.logical').");
        }

        return new HlcTimestamp(
            long.Parse(text.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture),
            int.Parse(text.AsSpan(dot + 1), NumberStyles.None, CultureInfo.InvariantCulture));
    }
}
