using System.CommandLine;
using Vigil.Cli.Api;

namespace Vigil.Cli.Mirror;

/// <summary>
/// The options every <c>vigil mirror</c> subcommand shares, created once per subcommand: the local control socket
/// (--control) or a node's control API (--api/--lab, <see cref="ApiOptions"/>), and --json.
/// </summary>
internal sealed class MirrorOptions
{
    /// <summary>Where the control socket is unless --control or VIGIL_REPD_CONTROL says otherwise.</summary>
    public const string DefaultControlSocket = "/var/lib/vigil/repd/control.sock";

    public Option<string?> Control { get; } = new("--control")
    {
        Description = $"vigil-repd's control socket, for a node without vigild (default: $VIGIL_REPD_CONTROL or {DefaultControlSocket}; ignored with --api/--lab)",
    };

    public Option<bool> Json { get; } = new("--json") { Description = "Machine-readable output (the driver's status as JSON)" };

    /// <summary>--api/--lab: through a node's control API (with --lab, --lab-node picks the node).</summary>
    public ApiOptions Api { get; } = new();

    public static Option<string?> Peer() => new("--peer") { Description = "Only this peer (default: every peer)" };

    public static Option<bool> Wait() => new("--wait") { Description = "Follow the resync with a progress bar until every selected peer is mirroring" };

    public static Option<int> Timeout() => new("--timeout") { Description = "With --wait: give up after this many seconds (0 = no limit)" };

    public string SocketPath(ParseResult parse)
        => parse.GetValue(this.Control) ?? Environment.GetEnvironmentVariable("VIGIL_REPD_CONTROL") ?? DefaultControlSocket;

    /// <summary>Through the control API when one is named and --control is not given.</summary>
    public bool ThroughApi(ParseResult parse) => parse.GetValue(this.Control) is null && this.Api.Given(parse);

    /// <summary>
    /// Runs <paramref name="work"/> against the endpoint the options name, mapping the socket's and the API's failures
    /// to messages and exit codes (refused 4, denied 5, unreachable 6).
    /// </summary>
    public async Task<int> RunAsync(ParseResult parse, string what, TextWriter output, TextWriter error, Func<IMirrorEndpoint, Task<int>> work)
    {
        if (this.ThroughApi(parse))
        {
            return await ApiCall.RunAsync(parse, this.Api, output, error, client => work(new ApiEndpoint(client)));
        }

        var socket = this.SocketPath(parse);
        var (code, failed) = await ControlCall.RunAsync(socket, what, c => work(new SocketEndpoint(c)), error);
        return failed == CliApp.Ok ? code : failed;
    }

    /// <summary>Adds --control, --json and the API options to a subcommand.</summary>
    public Command AddTo(Command command)
    {
        command.Options.Add(this.Control);
        command.Options.Add(this.Json);
        this.Api.AddTo(command);
        return command;
    }
}
