namespace Vigil.Daemon.Configuration;

/// <summary>The resource runtime's settings: where the kits are and how often instances are checked.</summary>
internal sealed partial record NodeConfig
{
    public const string DefaultKitsDir = "/usr/lib/vigil/kits";

    /// <summary>The kits directory the node's kit host loads (one folder per kit).</summary>
    public string KitsDir { get; init; } = DefaultKitsDir;

    public CheckSettings Checks { get; init; } = CheckSettings.Default;

    /// <summary>Reads <c>[cluster] quickcheck-interval-ms / deepcheck-interval-ms</c> and per-type <c>[type NAME]</c> overrides.</summary>
    private static CheckSettings ReadChecks(ConfigFile file, SectionReader reader, ConfigSection cluster)
    {
        var checks = CheckSettings.Default;
        if (reader.Optional(cluster, "quickcheck-interval-ms") is not null)
        {
            checks = checks with { QuickCheck = TimeSpan.FromMilliseconds(reader.Integer(cluster, "quickcheck-interval-ms", 100, 86_400_000)) };
        }

        if (reader.Optional(cluster, "deepcheck-interval-ms") is not null)
        {
            checks = checks with { DeepCheck = TimeSpan.FromMilliseconds(reader.Integer(cluster, "deepcheck-interval-ms", 100, 86_400_000)) };
        }

        var perType = new Dictionary<string, (TimeSpan Quick, TimeSpan Deep)>(StringComparer.Ordinal);
        foreach (var s in file.Sections.Where(s => s.Kind == "type"))
        {
            if (s.Name is null)
            {
                throw new ConfigException(file.Path, s.Line, "[type]", "a type section needs the resource type's name: [type NAME]");
            }

            if (perType.ContainsKey(s.Name))
            {
                throw new ConfigException(file.Path, s.Line, $"[type {s.Name}]", "this type is described twice");
            }

            reader.OnlyKeys(s, "quickcheck-interval-ms", "deepcheck-interval-ms");
            perType[s.Name] = (
                reader.Optional(s, "quickcheck-interval-ms") is null ? checks.QuickCheck : TimeSpan.FromMilliseconds(reader.Integer(s, "quickcheck-interval-ms", 100, 86_400_000)),
                reader.Optional(s, "deepcheck-interval-ms") is null ? checks.DeepCheck : TimeSpan.FromMilliseconds(reader.Integer(s, "deepcheck-interval-ms", 100, 86_400_000)));
        }

        return checks with { PerType = perType };
    }
}
