namespace Vigil.Journal;

/// <summary>Result of <see cref="JournalVerifier"/>: events checked per node and the first broken link, if any.</summary>
public sealed record ChainReport(IReadOnlyDictionary<string, long> EventsPerNode, ChainBreak? FirstBreak)
{
    public bool IsIntact => FirstBreak is null;
}
