using System.CommandLine;
using Vigil.Cli.Commands;

namespace Vigil.Cli;

/// <summary>
/// The `vigil` command tree. Exit codes: 0 success, 1 a check failed (divergence, broken chain), 2 bad usage or input,
/// 3 journal damaged or unreachable, 4 refused by the engine, 5 unauthorized or forbidden, 6 control API unreachable
/// or without a verdict.
/// </summary>
internal static class CliApp
{
    public const int Ok = 0;
    public const int CheckFailed = 1;
    public const int BadInput = 2;
    public const int JournalProblem = 3;
    public const int Refused = 4;
    public const int Denied = 5;
    public const int Unreachable = 6;

    public static RootCommand Build(TextWriter output, TextWriter error)
    {
        var root = new RootCommand("Vigil: high-availability cluster manager");
        // Commands register here, one line each.
        root.Subcommands.Add(HistoryCommand.Create(output, error));
        root.Subcommands.Add(ReplayCommand.Create(output, error));
        root.Subcommands.Add(JournalCommand.Create(output, error));
        root.Subcommands.Add(SimulateCommand.Create(output, error));
        root.Subcommands.Add(LabCommand.Create(output, error));
        root.Subcommands.Add(WhyCommand.Create(output, error));
        root.Subcommands.Add(KitsCommand.Create(output, error));
        root.Subcommands.Add(StatusCommand.Create(output, error));
        root.Subcommands.Add(ResourceCommand.Create(output, error));
        root.Subcommands.Add(ResourceCommand.CreateSwitchover(output, error));
        root.Subcommands.Add(NodeCommand.Create(output, error));
        root.Subcommands.Add(PathCommand.Create(output, error));
        root.Subcommands.Add(ClusterCommand.Create(output, error));
        root.Subcommands.Add(MirrorCommand.Create(output, error));
        root.Subcommands.Add(StateCommand.Create(output, error));
        root.Subcommands.Add(ReportCommand.Create(output, error));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error)
    {
        var root = Build(output, error);
        var config = new InvocationConfiguration { Output = output, Error = error };
        return await root.Parse(args).InvokeAsync(config);
    }
}
