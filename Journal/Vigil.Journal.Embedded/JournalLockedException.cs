namespace Vigil.Journal.Embedded;

/// <summary>Another writer (this process or another) already has the journal directory open for writing.</summary>
public sealed class JournalLockedException(string directory, Exception inner)
    : IOException($"{directory}: the journal is already open for writing by another writer (it holds {SegmentFormat.LockFileName}); open it read-only or stop that writer.", inner)
{
    public string Directory { get; } = directory;
}
