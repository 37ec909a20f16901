using System.Text.Json;
using System.Text.RegularExpressions;
using JasperFx;
using JasperFx.Events;
using Marten;
using Npgsql;
using Weasel.Core;

namespace Vigil.Journal.Marten;

/// <summary>
/// Marten configuration for the journal, the schema bootstrap (run once as an administrator) and the restricted
/// role nodes connect as: it may append and read events but never update, delete or truncate them.
/// </summary>
public static partial class MartenJournalSchema
{
    /// <summary>Applies the journal's Marten settings: string stream keys, quick append with our timestamps, every event
    /// type under its versioned name, headers plus correlation and causation columns, a unique index on event ids.</summary>
    public static void Configure(StoreOptions options, EventSerializer serializer, string schema, AutoCreate autoCreate)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(serializer);
        ValidateIdentifier(schema, nameof(schema));
        options.DatabaseSchemaName = schema;
        options.AutoCreateSchemaObjects = autoCreate;
        options.Events.StreamIdentity = StreamIdentity.AsString;
        // Quick append with client timestamps: Marten's timestamp column is the recording node's wall clock, so
        // time travel by timestamp means "as the cluster recorded it", not "as it was forwarded".
        options.Events.AppendMode = EventAppendMode.QuickWithServerTimestamps;
        options.Events.MetadataConfig.HeadersEnabled = true;
        options.Events.MetadataConfig.CorrelationIdEnabled = true;
        options.Events.MetadataConfig.CausationIdEnabled = true;
        options.Events.EnableUniqueIndexOnEventId = true;
        foreach (var type in serializer.Registry.Types)
        {
            options.Events.MapEventType(type, serializer.Registry.NameOf(type));
        }

        // Marten adds converters to the options it is given, and ours are frozen: hand it a copy.
        options.UseSystemTextJsonForSerialization(new JsonSerializerOptions(EventSerializer.Options), EnumStorage.AsString, Casing.CamelCase);
    }

    /// <summary>Builds a Marten document store for the journal over <paramref name="dataSource"/>.</summary>
    public static DocumentStore CreateDocumentStore(
        NpgsqlDataSource dataSource, EventSerializer serializer, string schema, AutoCreate autoCreate = AutoCreate.None, Action<StoreOptions>? configure = null) =>
        DocumentStore.For(options =>
        {
            options.Connection(dataSource);
            Configure(options, serializer, schema, autoCreate);
            configure?.Invoke(options);
        });

    /// <summary>
    /// Creates or updates Marten's event tables and the journal's own index, as an administrator; with
    /// <paramref name="configure"/>, also the tables of the projections it registers (their documents and Marten's
    /// progression table). Run it before <see cref="CreateNodeRoleAsync"/>, which grants on the tables it finds.
    /// </summary>
    public static async Task CreateSchemaAsync(
        string adminConnectionString, EventSerializer serializer, string schema = "vigil", CancellationToken cancellationToken = default, Action<StoreOptions>? configure = null)
    {
        await using var dataSource = NpgsqlDataSource.Create(adminConnectionString);
        await using (var store = CreateDocumentStore(dataSource, serializer, schema, AutoCreate.CreateOrUpdate, configure))
        {
            await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        }

        // Node heads are looked up by node and sequence.
        await ExecuteAsync(dataSource,
            $"CREATE INDEX IF NOT EXISTS mt_events_vigil_node_seq ON {schema}.mt_events ((headers->>'{MartenHeaders.Node}'), ((headers->>'{MartenHeaders.Sequence}')::bigint))",
            cancellationToken);
    }

    /// <summary>
    /// Creates (or re-grants) a login role for nodes: SELECT and INSERT on <c>mt_events</c>, SELECT, INSERT and
    /// UPDATE on <c>mt_streams</c> (quick append bumps a stream's version there), the event sequence and Marten's
    /// append function, and nothing else: UPDATE, DELETE and TRUNCATE on <c>mt_events</c> are revoked, also from PUBLIC.
    /// The async daemon a node may run writes projected documents: SELECT, INSERT, UPDATE and DELETE on the document
    /// tables (<c>mt_doc_*</c>) and on the daemon's own (<c>mt_event_*</c>: progression, projection floors; not
    /// <c>mt_events</c>) that exist when this runs.
    /// </summary>
    public static async Task CreateNodeRoleAsync(string adminConnectionString, string role, string password, string schema = "vigil", CancellationToken cancellationToken = default)
    {
        ValidateIdentifier(role, nameof(role));
        ValidateIdentifier(schema, nameof(schema));
        ArgumentNullException.ThrowIfNull(password);
        var literal = "'" + password.Replace("'", "''", StringComparison.Ordinal) + "'";
        await using var dataSource = NpgsqlDataSource.Create(adminConnectionString);
        await ExecuteAsync(dataSource, $"""
            DO $$ BEGIN
              IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{role}') THEN
                CREATE ROLE {role} LOGIN PASSWORD {literal} NOSUPERUSER NOCREATEDB NOCREATEROLE;
              ELSE
                ALTER ROLE {role} LOGIN PASSWORD {literal};
              END IF;
            END $$;
            REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {role};
            GRANT USAGE ON SCHEMA {schema} TO {role};
            GRANT SELECT, INSERT ON {schema}.mt_events TO {role};
            GRANT SELECT, INSERT, UPDATE ON {schema}.mt_streams TO {role};
            GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role};
            GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {schema} TO {role};
            DO $$ DECLARE t text; BEGIN
              FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = '{schema}'
                       AND (tablename LIKE 'mt\_doc\_%' OR tablename LIKE 'mt\_event\_%') LOOP
                EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I.%I TO {role}', '{schema}', t);
              END LOOP;
            END $$;
            REVOKE UPDATE, DELETE, TRUNCATE ON {schema}.mt_events FROM {role}, PUBLIC;
            REVOKE DELETE, TRUNCATE ON {schema}.mt_streams FROM {role}, PUBLIC;
            """, cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static void ValidateIdentifier(string name, string parameter)
    {
        if (string.IsNullOrEmpty(name) || !Identifier().IsMatch(name))
        {
            throw new ArgumentException($"'{name}' is not a plain PostgreSQL identifier (lower case letters, digits, underscores).", parameter);
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex Identifier();
}
