namespace Vigil.ReplicationDriver.Mirrors;

/// <summary>Payload of NewGeneration and ResyncDone frames: the source's current generation and history.</summary>
internal sealed record GenerationInfo(ulong Current, IReadOnlyList<ulong> History);
