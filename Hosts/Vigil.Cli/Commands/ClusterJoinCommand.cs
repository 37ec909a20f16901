using System.CommandLine;
using System.Text.Json.Nodes;
using Vigil.Cli.Api;
using Vigil.Daemon.Configuration;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil cluster join --config NEW-NODE.conf --api URL-OF-A-MEMBER</c> (admin): adds the node that configuration file
/// describes (it runs vigild with <c>[local] join</c>) to the running cluster. The member forwards to the leader, which
/// adds it to Raft (the node receives the whole log), commits it as configuration and every node starts its comm paths
/// to it. See docs/operations.md, "Adding a node".
/// </summary>
internal static class ClusterJoinCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var file = new Option<string>("--config") { Description = "The new node's vigild configuration file (its [local] node and that node's [node] section)", Required = true };
        return CommandSender.Create("join", "Add a new node, running vigild with '[local] join', to the running cluster (admin)", "cluster-join", parse => Body(parse.GetValue(file)!), output, error, file);
    }

    /// <summary>The join request: the new node's name and the addresses its configuration file gives it.</summary>
    public static JsonObject Body(string path)
    {
        NodeConfig config;
        try
        {
            config = NodeConfig.Load(path);
        }
        catch (ConfigException e)
        {
            throw new ApiFailure(CliApp.BadInput, $"--config: {e.Message}");
        }

        if (config.Join is null)
        {
            throw new ApiFailure(CliApp.BadInput, $"--config: {path} has no '[local] join = MEMBER-API-ADDRESS': the new node must run as a joining node (otherwise it would start a cluster of its own configuration)");
        }

        var local = config.Local;
        return new JsonObject
        {
            ["name"] = local.Name,
            ["id"] = local.Id,
            ["raft"] = local.Raft.ToString(),
            ["relay"] = local.RelayEndPoint.ToString(),
            ["api"] = local.Api?.ToString(),
            ["udp"] = local.Udp?.ToString(),
            ["tcp"] = local.Tcp?.ToString(),
            ["disk"] = local.Disk,
            ["witness"] = local.Witness,
        };
    }
}
