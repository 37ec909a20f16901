using Vigil.Daemon.Fencing;

namespace Vigil.Daemon.Configuration;

/// <summary>
/// Fencing: the optional <c>[fence]</c> section (<c>agent</c>, <c>timeout-ms</c>, <c>secret-file</c>) and a
/// per-node <c>fence-agent</c> (a path, or <c>none</c>) that overrides it. See docs/operations.md, "Fencing".
/// </summary>
internal sealed partial record NodeConfig
{
    private static readonly string[] FenceNodeKeys = ["fence-agent"];

    private static readonly string[] FenceKeys = ["agent", "timeout-ms", "secret-file"];

    public FenceSettings Fencing { get; init; } = FenceSettings.None;

    private static FenceSettings ReadFencing(ConfigFile file, SectionReader reader, string baseDir)
    {
        var sections = file.Sections.Where(s => s.Kind == "fence").ToList();
        if (sections.Count > 1)
        {
            throw new ConfigException(file.Path, sections[1].Line, "[fence]", $"appears twice (first on line {sections[0].Line})");
        }

        var fence = sections.FirstOrDefault();
        string? fallback = null;
        var timeout = FenceSettings.DefaultTimeout;
        string? secret = null;
        if (fence is not null)
        {
            reader.OnlyKeys(fence, FenceKeys);
            fallback = Executable(reader, fence, "agent", baseDir);
            if (reader.Optional(fence, "timeout-ms") is not null)
            {
                timeout = TimeSpan.FromMilliseconds(reader.Integer(fence, "timeout-ms", 100, 600_000));
            }

            if (reader.Optional(fence, "secret-file") is { } s)
            {
                secret = SecretFile(reader, fence, System.IO.Path.GetFullPath(s.Text, baseDir));
            }
        }

        var agents = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var node in file.Sections.Where(s => s.Kind == "node" && s.Name is not null))
        {
            var own = reader.Optional(node, "fence-agent")?.Text == "none" ? null : Executable(reader, node, "fence-agent", baseDir);
            if ((reader.Optional(node, "fence-agent") is null ? fallback : own) is { } agent)
            {
                agents[node.Name!] = agent;
            }
        }

        return new FenceSettings(agents, timeout, secret);
    }

    /// <summary>The setting's executable as a full path, or null if the setting is absent.</summary>
    private static string? Executable(SectionReader reader, ConfigSection section, string key, string baseDir)
    {
        if (reader.Optional(section, key) is null)
        {
            return null;
        }

        var path = System.IO.Path.GetFullPath(reader.Required(section, key).Text, baseDir);
        if (!File.Exists(path))
        {
            throw reader.Error(section, key, $"'{path}' does not exist (a fence agent is an executable called as AGENT NODE off|on|status)");
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) == 0)
        {
            throw reader.Error(section, key, $"'{path}' is not executable (chmod +x it)");
        }

        return path;
    }

    private static string SecretFile(SectionReader reader, ConfigSection section, string path)
    {
        if (!File.Exists(path))
        {
            throw reader.Error(section, "secret-file", $"'{path}' does not exist");
        }

        // A password readable by every local user is no secret: refuse it, as ssh refuses an open private key.
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
        {
            throw reader.Error(section, "secret-file", $"'{path}' is readable or writable by group or others: chmod 600 it");
        }

        return path;
    }
}
