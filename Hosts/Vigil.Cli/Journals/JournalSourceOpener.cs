using Vigil.Journal;

namespace Vigil.Cli.Journals;

/// <summary>Opens a journal for a command and turns open failures into clear messages and exit codes.</summary>
internal static class JournalSourceOpener
{
    public static JournalSource? TryOpen(string spec, TextWriter error, out int exitCode)
    {
        try
        {
            var source = JournalSource.Open(spec);
            if (source.Damage is { } damage)
            {
                error.WriteLine($"warning: {damage.Message}; showing everything before the damage");
            }

            exitCode = CliApp.Ok;
            return source;
        }
        catch (Exception ex) when (ex is JournalCorruptException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException
                                       or Npgsql.NpgsqlException)
        {
            error.WriteLine($"error: cannot open journal '{spec}': {ex.Message}");
            exitCode = CliApp.JournalProblem;
            return null;
        }
    }

    /// <summary>Reads every event; an unreadable event (unknown type, bad payload) ends the command with a clear error.</summary>
    public static async Task<List<RecordedEvent>?> TryReadAllAsync(JournalSource source, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            return await source.ReadAllAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is UnknownEventTypeException or System.Text.Json.JsonException or JournalCorruptException or Npgsql.NpgsqlException)
        {
            await error.WriteLineAsync($"error: cannot read journal {source.Description}: {ex.Message}");
            return null;
        }
    }

    /// <summary>A damaged journal makes a reading command fail (exit 3) even though it showed what it could.</summary>
    public static int DamageExit(JournalSource source, TextWriter error)
    {
        if (source.Damage is null)
        {
            return CliApp.Ok;
        }

        error.WriteLine($"error: the journal is damaged: {source.Damage.Message}");
        return CliApp.JournalProblem;
    }
}
