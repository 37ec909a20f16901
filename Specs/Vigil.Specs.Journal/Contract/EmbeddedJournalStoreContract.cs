using Vigil.Journal.Embedded;
using Vigil.Specs.Journal.Support;

namespace Vigil.Specs.Journal.Contract;

public sealed class EmbeddedJournalStoreContract : JournalStoreContract, IDisposable
{
    private readonly TempDirectory _dir = new();

    protected override async Task<IJournalStore> CreateStoreAsync() => await EmbeddedJournalStore.OpenAsync(_dir.Path, TestJournal.Serializer);

    protected override async Task<IJournalStore> TamperAsync(IJournalStore store, string node, long sequence, string from, string to)
    {
        await store.DisposeAsync();
        SegmentSurgeon.ReplaceInEvent(_dir.Path, node, sequence, from, to);
        return await EmbeddedJournalStore.OpenAsync(_dir.Path, TestJournal.Serializer);
    }

    public void Dispose() => _dir.Dispose();
}
