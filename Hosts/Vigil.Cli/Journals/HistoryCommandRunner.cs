using System.CommandLine;
using Vigil.Cli.Api;

namespace Vigil.Cli.Journals;

/// <summary>Runs a command over the whole cluster history from whichever source its options name (journals, else the control API).</summary>
internal static class HistoryCommandRunner
{
    public static async Task<int> RunAsync(ParseResult parse, HistorySources sources, TextWriter output, TextWriter error,
        Func<LoadedHistory, Task<int>> work, CancellationToken ct)
    {
        var journals = sources.Journals(parse);
        if (journals.Length == 0)
        {
            return await ApiCall.RunAsync(parse, sources.Api, output, error,
                async client => await work(await sources.FromApiAsync(parse, client, string.Empty, error, ct)));
        }

        var (history, exit) = await HistorySources.FromJournalsAsync(journals, error, ct);
        if (history is null)
        {
            return exit;
        }

        var code = await work(history);
        if (code == CliApp.Ok && history.Damaged)
        {
            await error.WriteLineAsync("error: a journal is damaged; only what precedes the damage was read");
            return CliApp.JournalProblem;
        }

        return code;
    }
}
