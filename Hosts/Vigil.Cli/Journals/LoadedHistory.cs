using Vigil.Engine.Audit;

namespace Vigil.Cli.Journals;

/// <summary>A cluster history as a command reads it: merged, where it came from, and whether a source was damaged or missing.</summary>
internal sealed record LoadedHistory(MergedHistory Merged, string Description, bool Damaged, int Total);
