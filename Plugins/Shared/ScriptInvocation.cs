namespace Vigil.Kits.Shared;

/// <summary>What to run: a file, its arguments and environment, an optional stdin line (for secrets).</summary>
internal sealed record ScriptInvocation(string File, IReadOnlyList<string> Arguments, IReadOnlyDictionary<string, string> Environment)
{
    public string? StandardInput { get; init; }

    public string? WorkingDirectory { get; init; }

    public int TailCharacters { get; init; } = 2048;
}
