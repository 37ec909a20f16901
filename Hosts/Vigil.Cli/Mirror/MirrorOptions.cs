using System.CommandLine;

namespace Vigil.Cli.Mirror;

/// <summary>The options every <c>vigil mirror</c> subcommand shares, created once per subcommand.</summary>
internal sealed class MirrorOptions
{
    /// <summary>Where the control socket is unless --control or VIGIL_REPD_CONTROL says otherwise.</summary>
    public const string DefaultControlSocket = "/var/lib/vigil/repd/control.sock";

    public Option<string?> Control { get; } = new("--control")
    {
        Description = $"vigil-repd's control socket (default: $VIGIL_REPD_CONTROL or {DefaultControlSocket})",
    };

    public Option<bool> Json { get; } = new("--json") { Description = "Machine-readable output (the driver's status as JSON)" };

    public static Option<string?> Peer() => new("--peer") { Description = "Only this peer (default: every peer)" };

    public static Option<bool> Wait() => new("--wait") { Description = "Follow the resync with a progress bar until every selected peer is mirroring" };

    public static Option<int> Timeout() => new("--timeout") { Description = "With --wait: give up after this many seconds (0 = no limit)" };

    public string SocketPath(ParseResult parse)
        => parse.GetValue(this.Control) ?? Environment.GetEnvironmentVariable("VIGIL_REPD_CONTROL") ?? DefaultControlSocket;

    /// <summary>Adds --control and --json to a subcommand.</summary>
    public Command AddTo(Command command)
    {
        command.Options.Add(this.Control);
        command.Options.Add(this.Json);
        return command;
    }
}
