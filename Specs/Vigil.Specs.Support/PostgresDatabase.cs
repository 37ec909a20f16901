using Npgsql;

namespace Vigil.Specs.Support;

/// <summary>A fresh database on a <see cref="PostgresServer"/>, dropped on dispose.</summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private readonly string _adminConnectionString;

    internal PostgresDatabase(string name, string connectionString, string adminConnectionString)
    {
        Name = name;
        ConnectionString = connectionString;
        _adminConnectionString = adminConnectionString;
    }

    /// <summary>The database name.</summary>
    public string Name { get; }

    /// <summary>Connection string to this database as the server's administrator (superuser).</summary>
    public string ConnectionString { get; }

    /// <summary>The same connection string with another user and password (e.g. a restricted role).</summary>
    public string ConnectionStringFor(string user, string password) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Username = user, Password = password }.ConnectionString;

    /// <summary>The same connection string pointing at another host and port (e.g. a <see cref="TcpProxy"/>).</summary>
    public string ConnectionStringVia(string host, int port) =>
        new NpgsqlConnectionStringBuilder(ConnectionString) { Host = host, Port = port }.ConnectionString;

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
