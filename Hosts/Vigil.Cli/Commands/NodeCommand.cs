using System.CommandLine;
using System.Text.Json.Nodes;
using Vigil.Cli.Api;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil node list [--json]</c> and <c>vigil path list [--json]</c>: parts of the status, through the control API.</summary>
internal static class NodeCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var group = Group("node", "Cluster nodes", "List the nodes: role, alive, leader, API address", "nodes", ApiTables.Nodes, output, error);
        var node = new Argument<string>("NODE");
        var onOff = new Argument<string>("on|off");
        onOff.AcceptOnlyFromAmong("on", "off");
        group.Subcommands.Add(CommandSender.Create("maintenance", "Nothing on NODE is checked, recovered or failed over, nothing moves to it (operator)", "node-maintenance",
            p => new JsonObject { ["node"] = p.GetValue(node), ["on"] = p.GetValue(onOff) == "on" }, output, error, node, onOff));
        return group;
    }

    public static Command CreatePaths(TextWriter output, TextWriter error) =>
        Group("path", "Comm paths", "List this node's comm paths to each peer and whether its detector sees them ALIVE or DEAD", "paths", ApiTables.Paths, output, error);

    private static Command Group(string name, string description, string listDescription, string property, Func<JsonNode, Spectre.Console.Table> table, TextWriter output, TextWriter error)
    {
        var api = new ApiOptions();
        var json = new Option<bool>("--json") { Description = "The JSON array from the API's status" };
        var list = new Command("list", listDescription) { json };
        api.AddTo(list);
        list.SetAction((parse, ct) => ApiCall.RunAsync(parse, api, output, error, async client =>
        {
            var status = await client.GetAsync("/v1/status", ct);
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(status[property]!.ToJsonString(ApiTables.Indented));
            }
            else
            {
                ApiTables.Console(output).Write(table(status));
            }

            return CliApp.Ok;
        }));
        return new Command(name, description) { list };
    }
}
