using Npgsql;
using Vigil.Journal.Marten;
using Vigil.Specs.Support;

namespace Vigil.Specs.Journal.Support;

/// <summary>One fresh database per test class on the shared throwaway PostgreSQL; each spec gets its own schema in it.</summary>
public sealed class MartenDatabaseFixture : IAsyncLifetime
{
    private int _schemas;
    private PostgresDatabase? _database;

    public PostgresServer Server { get; private set; } = null!;

    public PostgresDatabase Database => _database ?? throw new InvalidOperationException("Not initialized.");

    public async Task InitializeAsync()
    {
        Server = await PostgresServer.SharedAsync();
        _database = await Server.CreateDatabaseAsync("journal");
    }

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }

    /// <summary>A new schema with Marten's event tables, created as the administrator.</summary>
    public async Task<string> CreateSchemaAsync()
    {
        var schema = "j" + Interlocked.Increment(ref _schemas);
        await MartenJournalSchema.CreateSchemaAsync(Database.ConnectionString, TestJournal.Serializer, schema);
        return schema;
    }

    /// <summary>Opens the store; <paramref name="copyThreshold"/> 1 sends every batch through the COPY path, 0 through Marten sessions.</summary>
    public MartenJournalStore Open(string schema, string? connectionString = null, int? copyThreshold = null)
    {
        var options = new MartenJournalOptions { ConnectionString = connectionString ?? Database.ConnectionString, Schema = schema };
        return MartenJournalStore.Open(copyThreshold is { } t ? options with { CopyThreshold = t } : options, TestJournal.Serializer);
    }

    public async Task<int> ExecuteAsAdminAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }
}
