namespace Vigil.Journal.Embedded;

/// <summary>When an append reaches the disk before it returns.</summary>
public enum EmbeddedDurability
{
    /// <summary>Every append is fsynced before it returns and before readers see it (the default).</summary>
    FlushEachAppend = 0,

    /// <summary>
    /// Concurrent appends share one fsync: each append still returns only once it is on disk, but appenders that
    /// arrive while an fsync runs are covered by the next one. Same guarantee, higher throughput under concurrency.
    /// </summary>
    GroupCommit = 1,
}
