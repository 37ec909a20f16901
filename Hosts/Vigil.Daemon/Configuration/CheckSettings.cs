namespace Vigil.Daemon.Configuration;

/// <summary>How often the node checks its in-service instances; a type may override the cluster-wide intervals.</summary>
internal sealed record CheckSettings(TimeSpan QuickCheck, TimeSpan DeepCheck)
{
    /// <summary>quickCheck every 2 s (cheap: is it running?), deepCheck every minute (thorough, may be slow).</summary>
    public static readonly CheckSettings Default = new(TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(1));

    public IReadOnlyDictionary<string, (TimeSpan Quick, TimeSpan Deep)> PerType { get; init; } =
        new Dictionary<string, (TimeSpan Quick, TimeSpan Deep)>(StringComparer.Ordinal);

    public TimeSpan QuickCheckFor(string type) => PerType.TryGetValue(type, out var t) ? t.Quick : QuickCheck;

    public TimeSpan DeepCheckFor(string type) => PerType.TryGetValue(type, out var t) ? t.Deep : DeepCheck;
}
