using Vigil.Specs.Journal.Support;

namespace Vigil.Specs.Journal.Contract;

/// <summary>Runs the contract on a fresh schema per spec in the class's database; tampering is an admin UPDATE of a row's jsonb.</summary>
public abstract class MartenJournalStoreContractBase(MartenDatabaseFixture db, int copyThreshold) : JournalStoreContract, IClassFixture<MartenDatabaseFixture>
{
    private string _schema = "";

    protected override async Task<IJournalStore> CreateStoreAsync()
    {
        _schema = await db.CreateSchemaAsync();
        return db.Open(_schema, copyThreshold: copyThreshold);
    }

    protected override async Task<IJournalStore> TamperAsync(IJournalStore store, string node, long sequence, string from, string to)
    {
        var changed = await db.ExecuteAsAdminAsync(
            $"UPDATE {_schema}.mt_events SET data = jsonb_set(data, '{{name}}', to_jsonb(replace(data->>'name', '{from}', '{to}'))) " +
            $"WHERE headers->>'vigil.node' = '{node}' AND (headers->>'vigil.seq')::bigint = {sequence}");
        Assert.Equal(1, changed);
        return store;
    }
}
