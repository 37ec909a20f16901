namespace Vigil.Journal;

/// <summary>A journal is damaged or not a journal at all. Everything before <see cref="Offset"/> is still readable.</summary>
public sealed class JournalCorruptException(string path, long offset, string problem)
    : Exception($"{path}: damaged at byte {offset}: {problem}")
{
    public string Path { get; } = path;
    public long Offset { get; } = offset;
    public string Problem { get; } = problem;
}
