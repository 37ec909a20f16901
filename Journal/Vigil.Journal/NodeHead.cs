namespace Vigil.Journal;

/// <summary>The last event a node recorded in a store: where its writer resumes the sequence and the hash chain.</summary>
public sealed record NodeHead(string Node, long Sequence, string Hash, HlcTimestamp Hlc);
