namespace Vigil.Journal.Embedded;

/// <summary>What opening an embedded journal found besides complete batches.</summary>
/// <param name="TornTailFile">The segment whose tail held an incomplete batch (a crash mid-append), or null.</param>
/// <param name="TornTailOffset">Byte offset where the incomplete batch starts; a writable store truncates there on its next append.</param>
/// <param name="TornTailBytes">How many bytes were ignored.</param>
/// <param name="TornTailReason">What the tail held, in words.</param>
/// <param name="Damage">Damage found by a salvage open (reads stop before it), or null.</param>
public sealed record EmbeddedRecoveryReport(
    string? TornTailFile,
    long TornTailOffset,
    long TornTailBytes,
    string? TornTailReason,
    JournalCorruptException? Damage)
{
    /// <summary>Nothing but complete batches.</summary>
    public static EmbeddedRecoveryReport Clean { get; } = new(null, 0, 0, null, null);

    /// <summary>Whether an incomplete last batch was found and ignored.</summary>
    public bool HasTornTail => TornTailFile is not null;
}
