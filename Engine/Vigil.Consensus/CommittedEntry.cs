namespace Vigil.Consensus;

/// <summary>One committed entry, as delivered by <see cref="ConsensusNode.Committed"/>: the same index holds the same payload on every node.</summary>
/// <param name="Index">The Raft log index (strictly increasing in delivery order; gaps are DotNext's own no-op and configuration entries).</param>
/// <param name="Term">The term of the leader that appended it.</param>
/// <param name="Payload">The proposed bytes, unchanged. For engine inputs, decode with <see cref="EngineInputCodec.Decode"/>.</param>
public sealed record CommittedEntry(long Index, long Term, ReadOnlyMemory<byte> Payload);
