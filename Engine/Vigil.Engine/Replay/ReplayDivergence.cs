namespace Vigil.Engine.Replay;

/// <summary>The first place where a fresh engine decided differently from the recorded journal.</summary>
/// <param name="Position">Store position of the recorded event that diverges (or of the input whose decisions do).</param>
/// <param name="Expected">The recorded decision (type and JSON), or null when the engine decided more than was recorded.</param>
/// <param name="Actual">What the engine decided, or null when it decided less than was recorded.</param>
public sealed record ReplayDivergence(long Position, string Node, long Sequence, string Problem, string? Expected, string? Actual)
{
    public override string ToString() =>
        $"position {Position} ({Node} #{Sequence}): {Problem}" +
        (Expected is null ? string.Empty : $"\n  recorded: {Expected}") +
        (Actual is null ? string.Empty : $"\n  replayed: {Actual}");
}
