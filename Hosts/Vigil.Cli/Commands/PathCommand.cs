using System.CommandLine;
using System.Text.Json.Nodes;
using Vigil.Cli.Api;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil path list|add|delete</c>: comm paths are replicated cluster configuration; add and delete are committed
/// through consensus (admin) and every node then starts or stops its end (see docs/operations.md, "Cluster configuration").
/// </summary>
internal static class PathCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var group = NodeCommand.CreatePaths(output, error);
        var nodeA = new Argument<string>("NODE-A") { Description = "One end of the path" };
        var nodeB = new Argument<string>("NODE-B") { Description = "The other end" };
        var type = new Option<string>("--type") { Description = "udp, tcp or disk", Required = true };
        type.AcceptOnlyFromAmong("udp", "tcp", "disk");
        var addresses = new Option<string>("--addresses")
        {
            Description = "ADDRESS-A,ADDRESS-B: address:port of each end (udp, tcp), or each node's path to the shared region (disk)",
            Required = true,
        };

        group.Subcommands.Add(CommandSender.Create("add", "Add a comm path between two nodes; both start beating on it (admin)", "add-comm-path", p =>
        {
            var ends = (p.GetValue(addresses) ?? string.Empty).Split(',', StringSplitOptions.TrimEntries);
            if (ends.Length != 2 || ends.Any(e => e.Length == 0))
            {
                throw new ApiFailure(CliApp.BadInput, $"--addresses: '{p.GetValue(addresses)}' is not ADDRESS-A,ADDRESS-B (one address for each node, in the order given)");
            }

            return new JsonObject
            {
                ["nodeA"] = p.GetValue(nodeA),
                ["nodeB"] = p.GetValue(nodeB),
                ["type"] = p.GetValue(type),
                ["addressA"] = ends[0],
                ["addressB"] = ends[1],
            };
        }, output, error, nodeA, nodeB, type, addresses));
        group.Subcommands.Add(CommandSender.Create("delete", "Delete a comm path (never the last one between two nodes) (admin)", "delete-comm-path",
            p => new JsonObject { ["nodeA"] = p.GetValue(nodeA), ["nodeB"] = p.GetValue(nodeB), ["type"] = p.GetValue(type) },
            output, error, nodeA, nodeB, type));
        return group;
    }
}
