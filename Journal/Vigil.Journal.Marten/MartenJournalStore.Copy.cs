using System.Text;
using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Vigil.Journal.Marten;

/// <summary>
/// The COPY append path for large batches (forwarding): the same rows Marten's quick append writes (same columns,
/// type names, headers, <c>mt_events_sequence</c>, <c>mt_streams</c> versions), streamed with PostgreSQL's binary COPY
/// inside the append transaction, so it keeps the port's guarantees (lock, idempotency, expected versions,
/// atomicity) at the speed of Marten's own bulk insert. Positions follow the batch order exactly.
/// </summary>
public sealed partial class MartenJournalStore
{
    private const string TenantId = "*DEFAULT*";
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, string> DotNetTypeNames = new();

    private async Task<long> CopyAppendAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<EventEnvelope> events, Dictionary<string, long> versions,
        CancellationToken cancellationToken)
    {
        var positions = new long[events.Count];
        await using (var sequence = new NpgsqlCommand($"SELECT nextval('{_schema}.mt_events_sequence') FROM generate_series(1, @n)", connection, transaction))
        {
            sequence.Parameters.AddWithValue("n", events.Count);
            await using var reader = await sequence.ExecuteReaderAsync(cancellationToken);
            for (var i = 0; await reader.ReadAsync(cancellationToken); i++)
            {
                positions[i] = reader.GetInt64(0);
            }
        }

        Array.Sort(positions);
        var streamVersions = new long[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            streamVersions[i] = versions[events[i].StreamId] = versions.GetValueOrDefault(events[i].StreamId) + 1;
        }

        // Streams first: mt_events has a foreign key to mt_streams.
        await using (var streams = new NpgsqlCommand(
            $"INSERT INTO {_schema}.mt_streams (id, version, timestamp, created, tenant_id) " +
            "SELECT s.id, s.version, now(), now(), @tenant FROM unnest(@ids, @versions) AS s(id, version) " +
            "ON CONFLICT (id) DO UPDATE SET version = excluded.version, timestamp = excluded.timestamp", connection, transaction))
        {
            var touched = events.Select(e => e.StreamId).Distinct(StringComparer.Ordinal).ToArray();
            streams.Parameters.AddWithValue("tenant", TenantId);
            streams.Parameters.AddWithValue("ids", touched);
            streams.Parameters.AddWithValue("versions", touched.Select(s => versions[s]).ToArray());
            await streams.ExecuteNonQueryAsync(cancellationToken);
        }

        var columns = "seq_id, id, stream_id, version, data, type, timestamp, tenant_id, mt_dotnet_type, correlation_id, causation_id, headers, is_archived";
        await using (var copy = await connection.BeginBinaryImportAsync($"COPY {_schema}.mt_events ({columns}) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var i = 0; i < events.Count; i++)
            {
                var e = events[i];
                var version = streamVersions[i];
                var dotNetType = DotNetTypeNames.GetOrAdd(e.Data.GetType(), t => $"{t.FullName}, {t.Assembly.GetName().Name}");
                await copy.StartRowAsync(cancellationToken);
                await copy.WriteAsync(positions[i], NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(e.EventId, NpgsqlDbType.Uuid, cancellationToken);
                await copy.WriteAsync(e.StreamId, NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(version, NpgsqlDbType.Bigint, cancellationToken);
                await copy.WriteAsync(_serializer.SerializeDataToString(e.Data), NpgsqlDbType.Jsonb, cancellationToken);
                await copy.WriteAsync(e.EventType, NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(e.Timestamp, NpgsqlDbType.TimestampTz, cancellationToken);
                await copy.WriteAsync(TenantId, NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(dotNetType, NpgsqlDbType.Varchar, cancellationToken);
                await copy.WriteAsync(e.CorrelationId.ToString(), NpgsqlDbType.Varchar, cancellationToken);
                if (e.CausationId is { } cause)
                {
                    await copy.WriteAsync(cause.ToString(), NpgsqlDbType.Varchar, cancellationToken);
                }
                else
                {
                    await copy.WriteNullAsync(cancellationToken);
                }

                await copy.WriteAsync(HeadersJson(e), NpgsqlDbType.Jsonb, cancellationToken);
                await copy.WriteAsync(false, NpgsqlDbType.Boolean, cancellationToken);
            }

            await copy.CompleteAsync(cancellationToken);
        }

        return positions[^1];
    }

    /// <summary>The same header object the session path stores through Marten.</summary>
    private static string HeadersJson(EventEnvelope e)
    {
        using var buffer = new MemoryStream(512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString(MartenHeaders.Node, e.Node);
            w.WriteNumber(MartenHeaders.Sequence, e.Sequence);
            w.WriteString(MartenHeaders.Hlc, e.Hlc.ToString());
            w.WriteString(MartenHeaders.Kind, e.Kind.ToString());
            w.WriteString(MartenHeaders.PreviousHash, e.PreviousHash);
            w.WriteString(MartenHeaders.Hash, e.Hash);
            w.WriteString(MartenHeaders.EventType, e.EventType);
            w.WriteString(MartenHeaders.Timestamp, MartenHeaders.FormatTimestamp(e.Timestamp));
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
