using Marten.Services;
using Npgsql;

namespace Vigil.Journal.Marten;

public sealed partial class MartenJournalStore
{
    public async ValueTask<long> AppendAsync(
        IReadOnlyList<EventEnvelope> events,
        IReadOnlyDictionary<string, long>? expectedVersions = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0)
        {
            return await LastPositionAsync(cancellationToken);
        }

        var ids = new Guid[events.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = events[i].EventId;
        }

        if (ids.Distinct().Count() != ids.Length)
        {
            throw new ArgumentException("An event id appears twice in one batch.", nameof(events));
        }

        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (stored, storedMax) = await LockAndFindStoredAsync(connection, transaction, ids, cancellationToken);
        if (stored == ids.Length)
        {
            return storedMax;
        }

        if (stored > 0)
        {
            throw new InvalidOperationException(
                $"The batch mixes {stored} already stored event ids with {ids.Length - stored} new ones; nothing was appended.");
        }

        var useCopy = _options.CopyThreshold > 0 && events.Count >= _options.CopyThreshold;
        var versions = useCopy || expectedVersions is { Count: > 0 }
            ? await StreamVersionsAsync(connection, transaction, [.. events.Select(e => e.StreamId).Concat(expectedVersions?.Keys ?? []).Distinct(StringComparer.Ordinal)], cancellationToken)
            : [];
        foreach (var (stream, expected) in expectedVersions ?? new Dictionary<string, long>())
        {
            var actual = versions.GetValueOrDefault(stream);
            if (expected != ExpectedVersion.Any && expected != actual)
            {
                throw new WrongExpectedVersionException(stream, expected, actual);
            }
        }

        long last;
        if (useCopy)
        {
            last = await CopyAppendAsync(connection, transaction, events, versions, cancellationToken);
        }
        else
        {
            await SessionAppendAsync(transaction, events, cancellationToken);
            (_, last) = await StoredAsync(connection, transaction, ids, cancellationToken);
        }

        // The commit point: not cancellable, so a caller never sees "cancelled" for a batch that was stored.
        await transaction.CommitAsync(CancellationToken.None);
        PulseAppended();
        return last;
    }

    /// <summary>Marten's own append pipeline (quick append) in our transaction.</summary>
    private async Task SessionAppendAsync(NpgsqlTransaction transaction, IReadOnlyList<EventEnvelope> events, CancellationToken cancellationToken)
    {
        await using var session = _store.LightweightSession(SessionOptions.ForTransaction(transaction));
        foreach (var stream in events.GroupBy(e => e.StreamId, StringComparer.Ordinal))
        {
            var batch = stream.Select(e =>
            {
                var marten = session.Events.BuildEvent(e.Data);
                MartenHeaders.Stamp(marten, e);
                return (object)marten;
            }).ToArray();
            session.Events.Append(stream.Key, batch);
        }

        await session.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// One round trip: the transaction-scoped advisory lock that serializes appends (so positions become visible in
    /// order), then how many of the batch's ids are already stored.
    /// </summary>
    private async Task<(int Count, long Max)> LockAndFindStoredAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid[] ids, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        var lockCommand = new NpgsqlBatchCommand("SELECT pg_advisory_xact_lock(hashtext($1))");
        lockCommand.Parameters.Add(new NpgsqlParameter { Value = "vigil.journal." + _schema });
        var stored = new NpgsqlBatchCommand($"SELECT count(*), coalesce(max(seq_id), 0) FROM {_schema}.mt_events WHERE id = ANY($1)");
        stored.Parameters.Add(new NpgsqlParameter { Value = ids });
        batch.BatchCommands.Add(lockCommand);
        batch.BatchCommands.Add(stored);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return ((int)reader.GetInt64(0), reader.GetInt64(1));
    }

    private async Task<(int Count, long Max)> StoredAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid[] ids, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT count(*), coalesce(max(seq_id), 0) FROM {_schema}.mt_events WHERE id = ANY(@ids)", connection, transaction);
        command.Parameters.AddWithValue("ids", ids);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return ((int)reader.GetInt64(0), reader.GetInt64(1));
    }

    private async Task<Dictionary<string, long>> StreamVersionsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string[] streams, CancellationToken cancellationToken)
    {
        var actual = new Dictionary<string, long>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand($"SELECT id, version FROM {_schema}.mt_streams WHERE id = ANY(@ids)", connection, transaction);
        command.Parameters.AddWithValue("ids", streams);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            actual[reader.GetString(0)] = reader.IsDBNull(1) ? 0 : reader.GetInt64(1);
        }

        return actual;
    }
}
