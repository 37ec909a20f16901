using System.CommandLine;
using System.Diagnostics;
using Vigil.Cli.Lab;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil lab add-node --dir DIR [--witness]</c>: grows a running lab by one node the way an operator grows a
/// cluster — a new machine (namespace, cables), its own configuration file with <c>[local] join</c>, vigild started,
/// then the real <c>vigil cluster join --config FILE --lab DIR</c> (admin) against the first node.
/// </summary>
internal static class LabAddNodeCommand
{
    public static Command Create(Option<string> dir, TextWriter output, TextWriter error)
    {
        var witness = new Option<bool>("--witness") { Description = "The new node is a witness (votes and beats, holds no resources)" };
        var command = new Command("add-node", "Add a node to the running lab: start it with '[local] join' and run 'vigil cluster join'") { dir, witness };
        command.SetAction(async (parse, ct) =>
        {
            var c = new LabController(parse.GetValue(dir)!);
            var node = c.AddNode(parse.GetValue(witness));
            await output.WriteLineAsync($"{node.Name}: configuration {c.ConfigPath(node.Name)} (joins through {File.ReadLines(c.ConfigPath(node.Name)).Last()})");
            var state = LabState.Load(c.Dir);
            var recorded = state.Node(node.Name);
            recorded.Pid = await c.StartAsync(node.Name, TimeSpan.FromSeconds(60), ct);
            state.Save(c.Dir);
            await output.WriteLineAsync($"{node.Name} started (pid {recorded.Pid}), waiting to be added; running: vigil cluster join --config {c.ConfigPath(node.Name)} --lab {c.Dir}");
            return await RunJoinAsync(c, node.Name, output, error, ct);
        });
        return command;
    }

    /// <summary>Runs this very CLI's <c>cluster join</c> (it re-runs itself in the lab's client namespace when needed).</summary>
    private static async Task<int> RunJoinAsync(LabController c, string node, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("cannot tell where this vigil runs from");
        var psi = new ProcessStartInfo(self) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            psi.ArgumentList.Add(typeof(LabAddNodeCommand).Assembly.Location);
        }

        foreach (var a in new[] { "cluster", "join", "--config", c.ConfigPath(node), "--lab", c.Dir })
        {
            psi.ArgumentList.Add(a);
        }

        using var process = Process.Start(psi) ?? throw new InvalidOperationException("could not run " + self);
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        await output.WriteAsync(await stdout);
        await error.WriteAsync(await stderr);
        return process.ExitCode;
    }
}
