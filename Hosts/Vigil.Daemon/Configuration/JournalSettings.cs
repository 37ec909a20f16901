namespace Vigil.Daemon.Configuration;

/// <summary>
/// The cluster-wide journal this node forwards to (<c>[journal]</c>): a PostgreSQL connection string without its
/// password (read from <see cref="PasswordFile"/> when connecting, so it never sits in the configuration or in logs),
/// the Marten schema, and whether this node takes part in running Marten's async daemon for the audit projections.
/// </summary>
internal sealed record JournalSettings(string ConnectionString, string? PasswordFile, string Schema, bool Projections)
{
    /// <summary>The connection string with the password from <see cref="PasswordFile"/> (read now: a rotated password is picked up at the next start).</summary>
    public string ConnectWith()
    {
        if (PasswordFile is null)
        {
            return ConnectionString;
        }

        var builder = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString) { Password = File.ReadAllText(PasswordFile).TrimEnd('\r', '\n') };
        return builder.ConnectionString;
    }

    /// <summary>Host, port, database and user: what logs may show.</summary>
    public override string ToString()
    {
        var b = new Npgsql.NpgsqlConnectionStringBuilder(ConnectionString);
        return $"postgresql://{b.Username}@{b.Host}:{b.Port}/{b.Database} (schema {Schema})";
    }
}
