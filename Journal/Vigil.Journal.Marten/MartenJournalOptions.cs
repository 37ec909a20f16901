namespace Vigil.Journal.Marten;

/// <summary>Where and how the Marten journal store connects.</summary>
public sealed record MartenJournalOptions
{
    /// <summary>Npgsql connection string; nodes use the restricted role made by <see cref="MartenJournalSchema.CreateNodeRoleAsync"/>.</summary>
    public required string ConnectionString { get; init; }

    /// <summary>PostgreSQL schema holding Marten's event tables.</summary>
    public string Schema { get; init; } = "vigil";

    /// <summary>How often a subscription polls for events appended by other nodes (this process's appends wake it at once).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Batches of at least this many events are written with PostgreSQL's binary COPY (the rows Marten's quick append
    /// writes, at bulk-insert speed); smaller ones go through a Marten session. 0 sends every batch through a session.
    /// </summary>
    public int CopyThreshold { get; init; } = 64;

    /// <summary>Rows fetched per round trip when reading.</summary>
    public int ReadPageSize { get; init; } = 1000;

    /// <summary>
    /// More Marten configuration applied after the journal's own (projections and their documents: see
    /// Vigil.Journal.Projections); every store over one schema must be given the same.
    /// </summary>
    public Action<global::Marten.StoreOptions>? Configure { get; init; }

    /// <summary>Clock for the subscription poll.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
