using Spectre.Console;
using Vigil.Engine.Model;
using Vigil.Engine.State;

namespace Vigil.Cli.Output;

/// <summary>An lcdstatus-like view: nodes, then every resource with its state and priority on each node.</summary>
internal static class StatusTable
{
    public static void Write(ClusterState state, TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        var nodes = new Table().AddColumns("node", "state", "kits");
        foreach (var n in state.Nodes.Values)
        {
            nodes.AddRow(n.Name, n.Alive ? "ALIVE" : "DEAD", string.Join(", ", n.Types.Keys));
        }

        console.Write(nodes);
        var resources = new Table().AddColumn("resource").AddColumn("type").AddColumn("depends on");
        foreach (var n in state.Nodes.Keys)
        {
            resources.AddColumn(n);
        }

        foreach (var r in state.Resources.Values)
        {
            var cells = new List<string> { r.Tag, r.Type, r.Children.Count == 0 ? "-" : string.Join(", ", r.Children) };
            cells.AddRange(state.Nodes.Keys.Select(n => r.Instances.TryGetValue(n, out var i) ? $"{i.State.Label()} ({i.Priority})" : "-"));
            resources.AddRow([.. cells.Select(Markup.Escape)]);
        }

        console.Write(resources);
    }
}
