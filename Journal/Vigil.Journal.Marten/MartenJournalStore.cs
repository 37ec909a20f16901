using Marten;
using Npgsql;

namespace Vigil.Journal.Marten;

/// <summary>
/// The cluster-wide journal on Marten + PostgreSQL: every node's events (forwarded from their embedded journals) in
/// Marten's <c>mt_events</c>, for audit, cross-node queries, projections and time travel
/// (<see cref="MartenJournalQueries"/>). Create the schema first with <see cref="MartenJournalSchema.CreateSchemaAsync"/>.
/// </summary>
/// <remarks>
/// Appends run in one transaction that first takes a transaction-scoped advisory lock: the idempotency check (event
/// ids) and expected versions are decided under it, and positions (Marten's <c>seq_id</c>) become visible in order,
/// so a reader following positions never skips a late commit. Positions increase but may have gaps (a rolled back
/// append consumes sequence numbers). Batches of <see cref="MartenJournalOptions.CopyThreshold"/> events or more are
/// streamed with binary COPY into the columns Marten's quick append fills (positions in exact batch order); smaller
/// ones go through a Marten session, which groups a batch's events by stream (positions of a batch that interleaves
/// streams follow stream order). Per-stream and per-node order are always kept.
/// </remarks>
public sealed partial class MartenJournalStore : IJournalStore
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly DocumentStore _store;
    private readonly EventSerializer _serializer;
    private readonly MartenJournalOptions _options;
    private readonly string _schema;
    private TaskCompletionSource _appended = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private MartenJournalStore(NpgsqlDataSource dataSource, DocumentStore store, EventSerializer serializer, MartenJournalOptions options)
    {
        _dataSource = dataSource;
        _store = store;
        _serializer = serializer;
        _options = options;
        _schema = options.Schema;
    }

    /// <summary>The Marten document store (for projections and queries beyond the journal port).</summary>
    public IDocumentStore DocumentStore => _store;

    /// <summary>The serializer the store reads payloads with.</summary>
    public EventSerializer Serializer => _serializer;

    /// <summary>Connects to a journal whose schema already exists; creates nothing (nodes run as a restricted role).</summary>
    public static MartenJournalStore Open(MartenJournalOptions options, EventSerializer serializer)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(serializer);
        MartenJournalSchema.ValidateIdentifier(options.Schema, nameof(options));
        var dataSource = NpgsqlDataSource.Create(options.ConnectionString);
        var store = MartenJournalSchema.CreateDocumentStore(dataSource, serializer, options.Schema, configure: options.Configure);
        return new MartenJournalStore(dataSource, store, serializer, options);
    }

    public async ValueTask DisposeAsync()
    {
        await _store.DisposeAsync();
        await _dataSource.DisposeAsync();
    }

    private void PulseAppended() =>
        Interlocked.Exchange(ref _appended, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
