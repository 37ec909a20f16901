using Vigil.Engine;
using Vigil.Journal;
using Vigil.Journal.Embedded;
using Vigil.Journal.Marten;

namespace Vigil.Cli.Journals;

/// <summary>Opens what <c>--journal</c> names, for reading. An embedded journal is opened in salvage mode: damage is reported, and everything before it is still read.</summary>
internal sealed class JournalSource : IAsyncDisposable
{
    private JournalSource(IJournalStore store, string description, JournalCorruptException? damage)
    {
        Store = store;
        Description = description;
        Damage = damage;
    }

    public IJournalStore Store { get; }

    public string Description { get; }

    /// <summary>Damage found in an embedded journal; events before it are readable.</summary>
    public JournalCorruptException? Damage { get; }

    public static bool IsConnectionString(string spec) => spec.Contains('=', StringComparison.Ordinal);

    public static JournalSource Open(string spec)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        if (IsConnectionString(spec))
        {
            var marten = MartenJournalStore.Open(new MartenJournalOptions { ConnectionString = spec }, EngineEvents.Serializer);
            return new JournalSource(marten, "PostgreSQL (Marten)", null);
        }

        var store = EmbeddedJournalStore.OpenReadOnly(spec, EngineEvents.Serializer, salvage: true);
        return new JournalSource(store, Path.GetFullPath(spec), store.Recovery.Damage);
    }

    public async Task<List<RecordedEvent>> ReadAllAsync(CancellationToken cancellationToken)
    {
        var all = new List<RecordedEvent>();
        await foreach (var e in Store.ReadAllAsync(1, cancellationToken))
        {
            all.Add(e);
        }

        return all;
    }

    public ValueTask DisposeAsync() => Store.DisposeAsync();
}
