namespace Vigil.Journal.Embedded;

/// <summary>How a segment scan ended: cleanly, at a torn tail (an incomplete last batch), or at damage.</summary>
/// <param name="ValidEnd">Byte offset just after the last complete batch (0 when even the header is incomplete).</param>
/// <param name="FileLength">The file's length when scanned.</param>
/// <param name="TornReason">Why the tail after <paramref name="ValidEnd"/> was ignored, or null when there was none.</param>
/// <param name="Damage">The damage that stopped the scan, or null.</param>
internal sealed record ScanOutcome(long ValidEnd, long FileLength, string? TornReason, JournalCorruptException? Damage)
{
    public bool HasTornTail => TornReason is not null;
}
