using System.Text.Json;
using System.Text.Json.Nodes;
using Spectre.Console;

namespace Vigil.Cli.Output;

/// <summary>Spectre tables for the control API's answers: an lcdstatus-like view of nodes, comm paths and resources.</summary>
internal static class ApiTables
{
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static IAnsiConsole Console(TextWriter writer) => AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(writer),
        Ansi = AnsiSupport.No,
        ColorSystem = ColorSystemSupport.NoColors,
        Interactive = InteractionSupport.No,
    });

    public static Table Nodes(JsonNode status)
    {
        var table = new Table().AddColumns("node", "role", "alive", "leader", "api");
        foreach (var n in status["nodes"]!.AsArray())
        {
            var alive = n!["alive"]?.GetValue<bool>() switch { true => "ALIVE", false => "DEAD", null => "not added" };
            table.AddRow(Cells(Text(n, "name"), Text(n, "role"), alive, n["leader"]!.GetValue<bool>() ? "*" : string.Empty, Text(n, "api") ?? "-"));
        }

        return table;
    }

    public static Table Paths(JsonNode status)
    {
        var table = new Table().AddColumns($"from {Text(status, "node")} to", "path", "state");
        foreach (var p in status["paths"]!.AsArray())
        {
            table.AddRow(Cells(Text(p!, "peer"), Text(p!, "path"), Text(p!, "state")));
        }

        return table;
    }

    /// <summary>One row per resource, one column per node: "ISP (1)" = state (priority).</summary>
    public static Table Resources(JsonNode status)
    {
        var nodes = status["nodes"]!.AsArray().Select(n => Text(n!, "name")!).ToList();
        var table = new Table().AddColumns("resource", "type", "depends on");
        foreach (var n in nodes)
        {
            table.AddColumn(n);
        }

        foreach (var r in status["resources"]!.AsArray())
        {
            var children = r!["dependsOn"]!.AsArray().Select(c => c!.GetValue<string>()).ToList();
            var instances = r["instances"]!.AsArray().ToDictionary(i => Text(i!, "node")!, i => $"{Text(i!, "state")} ({i!["priority"]})");
            var cells = new List<string?> { Text(r, "tag"), Text(r, "type"), children.Count == 0 ? "-" : string.Join(", ", children) };
            cells.AddRange(nodes.Select(n => instances.GetValueOrDefault(n, "-")));
            table.AddRow(Cells([.. cells]));
        }

        return table;
    }

    private static string? Text(JsonNode node, string property) => node[property]?.GetValue<string>();

    private static string[] Cells(params string?[] cells) => [.. cells.Select(c => Markup.Escape(c ?? "-"))];
}
