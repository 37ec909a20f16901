using System.CommandLine;
using Vigil.Cli.Mirror;
using Vigil.ReplicationDriver.Client;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil mirror create|status|pause|resume|fullresync|promote|demote|outdate|discard|throttle</c>: the operator's
/// side of vigil-repd — through a node's control API (--api/--lab: roles apply, status gathers every node, outdate
/// goes through consensus) or the local control socket (--control, for a node without vigild). Exit codes: 0,
/// 1 (a followed resync did not finish), 2 (bad input), 4 (refused, reason printed), 5 (role too low), 6 (unreachable).
/// </summary>
internal static partial class MirrorCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var mirror = new Command("mirror", "Replicated volumes: create, inspect, resync, switch over (through the control API with --api/--lab, else the local vigil-repd)");
        mirror.Subcommands.Add(CreateCommand(output, error));
        mirror.Subcommands.Add(StatusCommand(output, error));
        mirror.Subcommands.Add(Simple("pause", "Stop replicating to a peer (or all); writes are tracked in its bitmap", output, error, wait: false));
        mirror.Subcommands.Add(Simple("resume", "Replicate again after pause: the dirty chunks are resynced first", output, error, wait: true));
        mirror.Subcommands.Add(Simple("fullresync", "Resend the whole volume to a peer (or all)", output, error, wait: true));
        mirror.Subcommands.Add(Simple("outdate", "Primary with --peer: go on without a lost sync target. Secondary without: mark the local copy outdated", output, error, wait: false));
        mirror.Subcommands.Add(Simple("discard", "Split-brain recovery on the copy thrown away (demoted first): it resyncs from the survivor", output, error, wait: null));
        mirror.Subcommands.Add(Simple("demote", "Planned switchover: hand over to the targets and stop exporting", output, error, wait: null));

        var options = new MirrorOptions();
        var name = Name();
        var force = new Option<bool>("--force") { Description = "Promote even a copy that is resyncing, outdated or stale (may lose writes)" };
        var promote = new Command("promote", "Make this node the mirror's primary (refused when its copy is not known to be up to date)") { name, force };
        new MirrorAction(options, output, error).Install(promote, "promote", parse => new ControlRequest("promote", parse.GetValue(name)!, Force: parse.GetValue(force)));
        mirror.Subcommands.Add(promote);

        var throttleName = Name();
        var rate = new Argument<string>("rate") { Description = "Resync bytes per second: 0 (unlimited), 50M, 1G…" };
        var throttle = new Command("throttle", "Limit the resync rate of the mirror on this node, at once") { throttleName, rate };
        new MirrorAction(new MirrorOptions(), output, error).Install(
            throttle,
            "throttle",
            parse => new ControlRequest(
                "throttle",
                parse.GetValue(throttleName)!,
                BytesPerSecond: SizeText.TryParse(parse.GetValue(rate)!, out var bytes) ? bytes : throw new ArgumentException($"rate '{parse.GetValue(rate)}' is not a number of bytes per second (e.g. 0, 50M, 1G)")));
        mirror.Subcommands.Add(throttle);
        return mirror;
    }

    private static Argument<string> Name() => new("name") { Description = "The mirror's name" };

    /// <summary>A subcommand taking the mirror name, optionally --peer (wait: false) and --wait/--timeout (wait: true).</summary>
    private static Command Simple(
        string verb,
        string description,
        TextWriter output,
        TextWriter error,
        bool? wait)
    {
        var name = Name();
        var command = new Command(verb, description) { name };
        var action = new MirrorAction(new MirrorOptions(), output, error)
        {
            Peer = wait is null ? null : MirrorOptions.Peer(),
            Wait = wait is true ? MirrorOptions.Wait() : null,
            Timeout = wait is true ? MirrorOptions.Timeout() : null,
        };
        action.Install(command, verb, parse => new ControlRequest(verb, parse.GetValue(name)!, action.Peer is null ? null : parse.GetValue(action.Peer)));
        return command;
    }
}
