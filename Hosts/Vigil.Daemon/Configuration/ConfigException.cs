namespace Vigil.Daemon.Configuration;

/// <summary>A configuration problem, naming file, line, field and what is wrong.</summary>
public sealed class ConfigException(string file, int line, string field, string problem)
    : Exception($"{file}:{line}: {field}: {problem}")
{
    public string File { get; } = file;

    public int Line { get; } = line;

    public string Field { get; } = field;
}
