namespace Vigil.ReplicationDriver.Client;

/// <summary>One line answered on the control socket.</summary>
/// <param name="Ok">Whether the command was carried out.</param>
/// <param name="Error">Why not, when it was not.</param>
/// <param name="Mirrors">Status of the mirrors concerned (every command answers with fresh status).</param>
/// <param name="Verification">For verify: which of the compared chunks differ.</param>
public sealed record ControlResponse(bool Ok, string? Error, IReadOnlyList<MirrorStatus>? Mirrors, ChunkVerification? Verification = null);
