namespace Vigil.Kits.Shared;

/// <summary>How a script ended: its exit code (null when killed or not started) and its output's tail.</summary>
internal sealed record ScriptResult(int? ExitCode, bool Killed, string Output)
{
    /// <summary>The output's last lines on one line, for an exit reason.</summary>
    public string Summary(int maxCharacters = 400)
    {
        var flat = string.Join(" | ", Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return flat.Length <= maxCharacters ? flat : "…" + flat[^maxCharacters..];
    }
}
