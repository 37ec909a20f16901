namespace Vigil.Daemon.Configuration;

/// <summary>
/// The parsed text of a configuration file: <c>[section]</c> or <c>[section name]</c> headers and <c>key = value</c>
/// lines, <c>#</c> comments. Every value remembers its line, so validation errors can name file, line and field.
/// </summary>
internal sealed class ConfigFile
{
    private ConfigFile(string path, List<ConfigSection> sections)
    {
        Path = path;
        Sections = sections;
    }

    public string Path { get; }

    public List<ConfigSection> Sections { get; }

    public static ConfigFile Parse(string path, string text)
    {
        var sections = new List<ConfigSection>();
        ConfigSection? current = null;
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = StripComment(raw).Trim();
            if (line.Length == 0)
            {
                continue;
            }

            if (line.StartsWith('['))
            {
                if (!line.EndsWith(']'))
                {
                    throw new ConfigException(path, lineNumber, line, "a section header must end with ']'");
                }

                var header = line[1..^1].Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                if (header.Length == 0)
                {
                    throw new ConfigException(path, lineNumber, line, "empty section header");
                }

                current = new ConfigSection(header[0], header.Length > 1 ? header[1] : null, lineNumber);
                sections.Add(current);
                continue;
            }

            var eq = line.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                throw new ConfigException(path, lineNumber, line, "expected 'key = value'");
            }

            if (current is null)
            {
                throw new ConfigException(path, lineNumber, line, "a setting before any [section]");
            }

            var key = line[..eq].Trim();
            if (current.Values.ContainsKey(key))
            {
                throw new ConfigException(path, lineNumber, $"{current.Title}.{key}", $"set twice (first on line {current.Values[key].Line})");
            }

            current.Values[key] = new ConfigValue(line[(eq + 1)..].Trim(), lineNumber);
        }

        return new ConfigFile(path, sections);
    }

    private static string StripComment(string line)
    {
        var hash = line.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? line : line[..hash];
    }
}
