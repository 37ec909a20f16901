namespace Vigil.Journal;

/// <summary>The first broken link of a node's hash chain.</summary>
public sealed record ChainBreak(string Node, long Sequence, long Position, string Problem);
