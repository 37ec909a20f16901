using System.CommandLine;
using Vigil.ReplicationDriver.Client;

namespace Vigil.Cli.Mirror;

/// <summary>
/// The shape of every <c>vigil mirror</c> subcommand that changes something: one request (to the local socket or a
/// node's control API), then (with --wait) follow the resync, then print the fresh status as text or JSON. Maps
/// failures to exit codes.
/// </summary>
internal sealed class MirrorAction(MirrorOptions options, TextWriter output, TextWriter error)
{
    public Option<bool>? Wait { get; init; }

    public Option<int>? Timeout { get; init; }

    public Option<string?>? Peer { get; init; }

    /// <summary>Installs the action on <paramref name="command"/>: <paramref name="request"/> builds the request, or throws ArgumentException for bad input.</summary>
    public void Install(Command command, string verb, Func<ParseResult, ControlRequest> request)
    {
        options.AddTo(command);
        foreach (var option in new Option?[] { this.Peer, this.Wait, this.Timeout })
        {
            if (option is not null)
            {
                command.Options.Add(option);
            }
        }

        command.SetAction((parse, ct) => this.RunAsync(parse, verb, request, ct));
    }

    private async Task<int> RunAsync(ParseResult parse, string verb, Func<ParseResult, ControlRequest> build, CancellationToken ct)
    {
        var json = parse.GetValue(options.Json);
        var timeout = this.Timeout is null ? 0 : parse.GetValue(this.Timeout);
        if (timeout < 0)
        {
            await error.WriteLineAsync($"vigil: --timeout '{timeout}' must be 0 (no limit) or a number of seconds");
            return CliApp.BadInput;
        }

        ControlRequest request;
        try
        {
            request = build(parse);
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync($"vigil: {e.Message}");
            return CliApp.BadInput;
        }

        return await options.RunAsync(parse, verb, output, error, async endpoint =>
        {
            var status = await endpoint.SendAsync(request, ct);
            string? failure = null;
            if (this.Wait is not null && parse.GetValue(this.Wait))
            {
                var follower = new ResyncFollower(c => endpoint.StatusAsync(status.Name, c), status.Name, this.Peer is null ? null : parse.GetValue(this.Peer), TimeSpan.FromSeconds(timeout));
                (status, failure) = await follower.FollowAsync(output, quiet: json, ct);
            }

            await this.PrintAsync(status, json);
            if (failure is not null)
            {
                await error.WriteLineAsync($"vigil: resync of {status.Name} did not finish: {failure}");
                return CliApp.CheckFailed;
            }

            return CliApp.Ok;
        });
    }

    private async Task PrintAsync(MirrorStatus s, bool json)
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
