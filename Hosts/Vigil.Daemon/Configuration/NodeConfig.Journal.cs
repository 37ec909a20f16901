using Npgsql;

namespace Vigil.Daemon.Configuration;

/// <summary>
/// The optional <c>[journal]</c> section: <c>postgresql</c> (an Npgsql connection string without a password),
/// <c>password-file</c> (mode 600), <c>schema</c> (default <c>vigil</c>) and <c>projections</c> (<c>on</c>, the
/// default: this node is a candidate to run Marten's async daemon; <c>off</c>). See docs/operations.md, "Journal forwarding".
/// </summary>
internal sealed partial record NodeConfig
{
    private static readonly string[] JournalKeys = ["postgresql", "password-file", "schema", "projections"];

    /// <summary>Where this node forwards its journal; null: it keeps its embedded journal only.</summary>
    public JournalSettings? ClusterJournal { get; init; }

    private static NodeConfig WithJournal(NodeConfig config, ConfigFile file, SectionReader reader, string baseDir)
    {
        var sections = file.Sections.Where(s => s.Kind == "journal").ToList();
        if (sections.Count > 1)
        {
            throw new ConfigException(file.Path, sections[1].Line, "[journal]", $"appears twice (first on line {sections[0].Line})");
        }

        if (sections.FirstOrDefault() is not { } journal)
        {
            return config;
        }

        reader.OnlyKeys(journal, JournalKeys);
        var connection = reader.Required(journal, "postgresql").Text;
        NpgsqlConnectionStringBuilder parsed;
        try
        {
            parsed = new NpgsqlConnectionStringBuilder(connection);
        }
        catch (ArgumentException ex)
        {
            throw reader.Error(journal, "postgresql", $"not a PostgreSQL connection string (Host=…;Database=…;Username=…): {ex.Message}");
        }

        if (string.IsNullOrEmpty(parsed.Host) || string.IsNullOrEmpty(parsed.Database) || string.IsNullOrEmpty(parsed.Username))
        {
            throw reader.Error(journal, "postgresql", "name Host, Database and Username (the node role made by the schema bootstrap)");
        }

        if (!string.IsNullOrEmpty(parsed.Password))
        {
            throw reader.Error(journal, "postgresql", "holds a password: put it in password-file (mode 600) instead, so it stays out of the configuration and the logs");
        }

        var passwordFile = reader.Optional(journal, "password-file") is { } p ? PasswordFile(reader, journal, System.IO.Path.GetFullPath(p.Text, baseDir)) : null;
        var schema = reader.Optional(journal, "schema")?.Text ?? "vigil";
        if (!System.Text.RegularExpressions.Regex.IsMatch(schema, "^[a-z_][a-z0-9_]{0,62}$"))
        {
            throw reader.Error(journal, "schema", $"'{schema}' is not a plain PostgreSQL identifier (lower case letters, digits, underscores)");
        }

        var projections = reader.Optional(journal, "projections")?.Text switch
        {
            null or "on" => true,
            "off" => false,
            var other => throw reader.Error(journal, "projections", $"'{other}' is not on or off"),
        };
        return config with { ClusterJournal = new JournalSettings(connection, passwordFile, schema, projections) };
    }

    private static string PasswordFile(SectionReader reader, ConfigSection section, string path)
    {
        if (!File.Exists(path))
        {
            throw reader.Error(section, "password-file", $"'{path}' does not exist");
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
        {
            throw reader.Error(section, "password-file", $"'{path}' is readable or writable by group or others: chmod 600 it");
        }

        return path;
    }
}
