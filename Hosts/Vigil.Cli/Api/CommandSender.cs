using System.CommandLine;
using System.Text.Json.Nodes;
using Vigil.Cli.Output;

namespace Vigil.Cli.Api;

/// <summary>
/// Builds a `vigil` command that sends one engine command through the control API and prints the engine's
/// decisions (or, with --json, the API's answer). A refusal prints the engine's code and message, exit 4.
/// </summary>
internal static class CommandSender
{
    public static Command Create(string name, string description, string route, Func<ParseResult, JsonObject> body, TextWriter output, TextWriter error, params Symbol[] symbols)
    {
        var api = new ApiOptions();
        var json = new Option<bool>("--json") { Description = "The API's JSON answer" };
        var command = new Command(name, description);
        foreach (var s in symbols)
        {
            switch (s)
            {
                case Argument a:
                    command.Arguments.Add(a);
                    break;
                case Option o:
                    command.Options.Add(o);
                    break;
            }
        }

        command.Options.Add(json);
        api.AddTo(command);
        command.SetAction((parse, ct) => ApiCall.RunAsync(parse, api, output, error, async client =>
        {
            var answer = await client.CommandAsync(route, body(parse), ct);
            if (parse.GetValue(json))
            {
                await output.WriteLineAsync(answer.ToJsonString(ApiTables.Indented));
                return CliApp.Ok;
            }

            var events = answer["events"]!.AsArray();
            await output.WriteLineAsync($"{route}: accepted by leader {answer["leader"]}, {events.Count} decisions");
            foreach (var e in events)
            {
                await output.WriteLineAsync("  " + e!["summary"]);
            }

            return CliApp.Ok;
        }));
        return command;
    }
}
