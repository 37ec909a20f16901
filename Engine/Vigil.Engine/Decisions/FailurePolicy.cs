using System.Collections.Immutable;
using System.Globalization;
using Vigil.Engine.Model;

namespace Vigil.Engine.Decisions;

/// <summary>
/// How many failures make a node no candidate for a hierarchy, and how long they count. Engine defaults (3 failures,
/// expiring an hour after the latest), overridable per resource with the engine's own parameters, which every
/// resource type accepts besides its kit's: <c>vigil.failure-threshold</c> and <c>vigil.failure-expiry</c> (seconds;
/// 0 = never expire, only <c>vigil resource cleanup</c> forgets them).
/// </summary>
public static class FailurePolicy
{
    public const int DefaultThreshold = 3;

    public const string ThresholdParameter = "vigil.failure-threshold";

    public const string ExpiryParameter = "vigil.failure-expiry";

    /// <summary>Prefix of the parameters the engine itself reads (validated here, not against the kit's schema).</summary>
    public const string EnginePrefix = "vigil.";

    public static readonly TimeSpan DefaultExpiry = TimeSpan.FromHours(1);

    /// <summary>The engine's parameters, in the kits' schema form.</summary>
    public static readonly ImmutableArray<ParameterSpec> Parameters =
    [
        new ParameterSpec(ThresholdParameter, ParameterKind.Integer, Min: 1, Max: 1000),
        new ParameterSpec(ExpiryParameter, ParameterKind.Integer, Min: 0, Max: 365L * 24 * 3600),
    ];

    public static int Threshold(IReadOnlyDictionary<string, string> parameters) =>
        parameters.TryGetValue(ThresholdParameter, out var v) && int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1
            ? n
            : DefaultThreshold;

    /// <returns>The expiry, or null when failures never expire.</returns>
    public static TimeSpan? Expiry(IReadOnlyDictionary<string, string> parameters)
    {
        if (!parameters.TryGetValue(ExpiryParameter, out var v) || !long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            return DefaultExpiry;
        }

        return seconds == 0 ? null : TimeSpan.FromSeconds(seconds);
    }
}
