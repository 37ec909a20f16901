using System.CommandLine;
using Vigil.ReplicationDriver.Client;

namespace Vigil.Cli.Mirror;

/// <summary>
/// The shape of every <c>vigil mirror</c> subcommand that changes something: one control call, then (with
/// --wait) follow the resync, then print the fresh status as text or JSON. Maps failures to exit codes.
/// </summary>
internal sealed class MirrorAction(MirrorOptions options, TextWriter output, TextWriter error)
{
    public Option<bool>? Wait { get; init; }

    public Option<int>? Timeout { get; init; }

    public Option<string?>? Peer { get; init; }

    /// <summary>Installs the action on <paramref name="command"/>: <paramref name="call"/> sends the command, or throws ArgumentException for bad input.</summary>
    public void Install(Command command, string verb, Func<ParseResult, MirrorControlClient, CancellationToken, Task<MirrorStatus>> call)
    {
        options.AddTo(command);
        foreach (var option in new Option?[] { this.Peer, this.Wait, this.Timeout })
        {
            if (option is not null)
            {
                command.Options.Add(option);
            }
        }

        command.SetAction((parse, ct) => this.RunAsync(parse, verb, call, ct));
    }

    private async Task<int> RunAsync(ParseResult parse, string verb, Func<ParseResult, MirrorControlClient, CancellationToken, Task<MirrorStatus>> call, CancellationToken ct)
    {
        var socket = options.SocketPath(parse);
        var json = parse.GetValue(options.Json);
        var timeout = this.Timeout is null ? 0 : parse.GetValue(this.Timeout);
        if (timeout < 0)
        {
            await error.WriteLineAsync($"vigil: --timeout '{timeout}' must be 0 (no limit) or a number of seconds");
            return CliApp.BadInput;
        }

        MirrorStatus? status;
        int code;
        try
        {
            (status, code) = await ControlCall.RunAsync(socket, verb, c => call(parse, c, ct), error);
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync($"vigil: {e.Message}");
            return CliApp.BadInput;
        }

        if (status is null)
        {
            return code;
        }

        string? failure = null;
        if (this.Wait is not null && parse.GetValue(this.Wait))
        {
            var follower = new ResyncFollower(new MirrorControlClient(socket), status.Name, this.Peer is null ? null : parse.GetValue(this.Peer), TimeSpan.FromSeconds(timeout));
            (var followed, code) = await ControlCall.RunAsync(socket, "status", _ => follower.FollowAsync(output, quiet: json, ct), error);
            if (code != CliApp.Ok)
            {
                return code;
            }

            (status, failure) = followed;
        }

        await Print(status);
        if (failure is not null)
        {
            await error.WriteLineAsync($"vigil: resync of {status.Name} did not finish: {failure}");
            return CliApp.CheckFailed;
        }

        return CliApp.Ok;

        async Task Print(MirrorStatus s)
        {
            if (json)
            {
                await output.WriteLineAsync(StatusText.Json(s));
                return;
            }

            foreach (var line in StatusText.Lines(s))
            {
                await output.WriteLineAsync(line);
            }
        }
    }
}
