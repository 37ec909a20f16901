using System.Text.Json;

namespace Vigil.Cli.Output;

/// <summary>How the CLI prints JSON (the event shape itself is <see cref="Vigil.Engine.Audit.RecordedEventJson"/>).</summary>
internal static class HistoryJson
{
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
