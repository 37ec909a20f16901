using System.Runtime.CompilerServices;
using System.Text.Json;
using Npgsql;

namespace Vigil.Journal.Marten;

public sealed partial class MartenJournalStore
{
    private const string Columns = "seq_id, version, id, stream_id, data::text, headers::text, correlation_id, causation_id";

    public async IAsyncEnumerable<RecordedEvent> ReadAllAsync(long fromPosition = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var next = Math.Max(1, fromPosition);
        while (true)
        {
            var page = await ReadPageAsync(
                $"SELECT {Columns} FROM {_schema}.mt_events WHERE seq_id >= @from ORDER BY seq_id LIMIT @limit",
                command => command.Parameters.AddWithValue("from", next), cancellationToken);
            foreach (var e in page)
            {
                yield return e;
            }

            if (page.Count < _options.ReadPageSize)
            {
                yield break;
            }

            next = page[^1].Position + 1;
        }
    }

    public async IAsyncEnumerable<RecordedEvent> ReadStreamAsync(string streamId, long fromVersion = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(streamId);
        var next = Math.Max(1, fromVersion);
        while (true)
        {
            var page = await ReadPageAsync(
                $"SELECT {Columns} FROM {_schema}.mt_events WHERE stream_id = @stream AND version >= @from ORDER BY version LIMIT @limit",
                command =>
                {
                    command.Parameters.AddWithValue("stream", streamId);
                    command.Parameters.AddWithValue("from", next);
                }, cancellationToken);
            foreach (var e in page)
            {
                yield return e;
            }

            if (page.Count < _options.ReadPageSize)
            {
                yield break;
            }

            next = page[^1].StreamVersion + 1;
        }
    }

    public async IAsyncEnumerable<RecordedEvent> SubscribeAsync(long fromPosition = 1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var next = Math.Max(1, fromPosition);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var wake = Volatile.Read(ref _appended).Task;
            var any = false;
            await foreach (var e in ReadAllAsync(next, cancellationToken))
            {
                next = e.Position + 1;
                any = true;
                yield return e;
            }

            if (any)
            {
                continue;
            }

            try
            {
                await wake.WaitAsync(_options.PollInterval, _options.TimeProvider, cancellationToken);
            }
            catch (TimeoutException)
            {
                // Poll: another node's forwarder may have appended.
            }
        }
    }

    public async ValueTask<long> GetStreamVersionAsync(string streamId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(streamId);
        await using var command = _dataSource.CreateCommand($"SELECT version FROM {_schema}.mt_streams WHERE id = @id");
        command.Parameters.AddWithValue("id", streamId);
        return await command.ExecuteScalarAsync(cancellationToken) is long version ? version : 0;
    }

    public async ValueTask<NodeHead?> GetNodeHeadAsync(string node, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(node);
        await using var command = _dataSource.CreateCommand(
            $"SELECT headers->>'{MartenHeaders.Sequence}', headers->>'{MartenHeaders.Hash}', headers->>'{MartenHeaders.Hlc}' FROM {_schema}.mt_events " +
            $"WHERE headers->>'{MartenHeaders.Node}' = @node ORDER BY (headers->>'{MartenHeaders.Sequence}')::bigint DESC LIMIT 1");
        command.Parameters.AddWithValue("node", node);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return new NodeHead(node, long.Parse(reader.GetString(0), System.Globalization.CultureInfo.InvariantCulture), reader.GetString(1), HlcTimestamp.Parse(reader.GetString(2)));
    }

    private async Task<long> LastPositionAsync(CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand($"SELECT coalesce(max(seq_id), 0) FROM {_schema}.mt_events");
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private async Task<List<RecordedEvent>> ReadPageAsync(string sql, Action<NpgsqlCommand> bind, CancellationToken cancellationToken)
    {
        await using var command = _dataSource.CreateCommand(sql);
        bind(command);
        command.Parameters.AddWithValue("limit", _options.ReadPageSize);
        var page = new List<RecordedEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            page.Add(ReadRow(reader));
        }

        return page;
    }

    private RecordedEvent ReadRow(NpgsqlDataReader reader)
    {
        var id = reader.GetGuid(2);
        using var headers = JsonDocument.Parse(reader.IsDBNull(5) ? "{}" : reader.GetString(5));
        string? Header(string name) =>
            headers.RootElement.TryGetProperty(name, out var value) ? MartenHeaders.Text(value) : null;
        var type = Header(MartenHeaders.EventType) ?? throw new InvalidDataException($"Event {id} has no '{MartenHeaders.EventType}' header: it was not written by Vigil.");
        var data = _serializer.DeserializeData(type, reader.GetString(4));
        var envelope = MartenHeaders.Envelope(
            id, reader.GetString(3), reader.IsDBNull(6) ? null : reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7), data, Header);
        return new RecordedEvent(reader.GetInt64(0), reader.GetInt64(1), envelope);
    }
}
