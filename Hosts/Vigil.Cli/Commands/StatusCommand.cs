using System.CommandLine;
using Spectre.Console;
using Vigil.Cli.Api;
using Vigil.Cli.Output;

namespace Vigil.Cli.Commands;

/// <summary><c>vigil status [--json]</c>: through the control API, like LifeKeeper's lcdstatus — nodes, this node's comm paths, every resource instance with state and priority.</summary>
internal static class StatusCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var api = new ApiOptions();
        var json = new Option<bool>("--json") { Description = "The API's JSON answer" };
        var command = new Command("status", "Show the cluster: nodes, comm paths, resources with state and priority on each node") { json };
        api.AddTo(command);
        command.SetAction((parse, ct) => ApiCall.RunAsync(parse, api, output, error, async client =>
        {
            var status = await client.GetAsync("/v1/status", ct);
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(status.ToJsonString(ApiTables.Indented));
                return CliApp.Ok;
            }

            var console = ApiTables.Console(output);
            console.WriteLine($"cluster {status["cluster"]}, seen from {status["node"]}; leader {status["leader"] ?? "(none)"}, term {status["term"]}");
            console.Write(ApiTables.Nodes(status));
            console.Write(ApiTables.Paths(status));
            console.Write(ApiTables.Resources(status));
            return CliApp.Ok;
        }));
        return command;
    }
}
