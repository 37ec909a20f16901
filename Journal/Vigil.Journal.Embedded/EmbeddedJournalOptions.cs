namespace Vigil.Journal.Embedded;

/// <summary>Settings of an <see cref="EmbeddedJournalStore"/>; the defaults suit a node's local journal.</summary>
public sealed record EmbeddedJournalOptions
{
    /// <summary>A new segment is started once the current one reaches this size (a batch never spans segments).</summary>
    public long SegmentSize { get; init; } = 64L * 1024 * 1024;

    /// <summary>fsync policy; see <see cref="EmbeddedDurability"/>.</summary>
    public EmbeddedDurability Durability { get; init; } = EmbeddedDurability.FlushEachAppend;

    /// <summary>How often a subscription looks for events appended by another process (this process's appends wake it at once).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Clock for the subscription poll.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
