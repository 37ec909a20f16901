namespace Vigil.Daemon.Configuration;

/// <summary>One <c>[kind name]</c> section and its settings.</summary>
internal sealed class ConfigSection(string kind, string? name, int line)
{
    public string Kind { get; } = kind;

    public string? Name { get; } = name;

    public int Line { get; } = line;

    public Dictionary<string, ConfigValue> Values { get; } = new(StringComparer.Ordinal);

    public string Title => Name is null ? Kind : $"{Kind} {Name}";
}
