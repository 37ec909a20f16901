using System.CommandLine;
using Vigil.Cli.Mirror;
using Vigil.ReplicationDriver.Client;

namespace Vigil.Cli.Commands;

/// <summary>
/// <c>vigil mirror create|status|pause|resume|fullresync|promote|demote|outdate|throttle</c>: the operator's side of
/// the local vigil-repd control socket. Exit codes: 0, 1 (a followed resync did not finish), 2 (bad input),
/// 4 (vigil-repd refused, reason printed), 5 (vigil-repd unreachable).
/// </summary>
internal static partial class MirrorCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var mirror = new Command("mirror", "Replicated volumes of the local vigil-repd: create, inspect, resync, switch over");
        mirror.Subcommands.Add(CreateCommand(output, error));
        mirror.Subcommands.Add(StatusCommand(output, error));
        mirror.Subcommands.Add(Simple("pause", "Stop replicating to a peer (or all); writes are tracked in its bitmap", output, error, wait: false, (n, p, c, ct) => c.PauseAsync(n, p, ct)));
        mirror.Subcommands.Add(Simple("resume", "Replicate again after pause: the dirty chunks are resynced first", output, error, wait: true, (n, p, c, ct) => c.ResumeAsync(n, p, ct)));
        mirror.Subcommands.Add(Simple("fullresync", "Resend the whole volume to a peer (or all)", output, error, wait: true, (n, p, c, ct) => c.FullResyncAsync(n, p, ct)));
        mirror.Subcommands.Add(Simple("outdate", "Primary with --peer: go on without a lost sync target. Secondary without: mark the local copy outdated", output, error, wait: false, (n, p, c, ct) => c.OutdateAsync(n, p, ct)));
        mirror.Subcommands.Add(Simple("discard", "Split-brain recovery on the copy thrown away (demoted first): it resyncs from the survivor", output, error, wait: null, (n, _, c, ct) => c.DiscardMyDataAsync(n, ct)));
        mirror.Subcommands.Add(Simple("demote", "Planned switchover: hand over to the targets and stop exporting", output, error, wait: null, (n, _, c, ct) => c.DemoteAsync(n, ct)));

        var options = new MirrorOptions();
        var name = Name();
        var force = new Option<bool>("--force") { Description = "Promote even a copy that is resyncing, outdated or stale (may lose writes)" };
        var promote = new Command("promote", "Make this node the mirror's primary (refused when its copy is not known to be up to date)") { name, force };
        new MirrorAction(options, output, error).Install(promote, "promote", (parse, c, ct) => c.PromoteAsync(parse.GetValue(name)!, parse.GetValue(force), ct));
        mirror.Subcommands.Add(promote);

        var throttleName = Name();
        var rate = new Argument<string>("rate") { Description = "Resync bytes per second: 0 (unlimited), 50M, 1G…" };
        var throttle = new Command("throttle", "Limit the resync rate of the mirror on this node, at once") { throttleName, rate };
        new MirrorAction(new MirrorOptions(), output, error).Install(
            throttle,
            "throttle",
            (parse, c, ct) => c.ThrottleAsync(
                parse.GetValue(throttleName)!,
                SizeText.TryParse(parse.GetValue(rate)!, out var bytes) ? bytes : throw new ArgumentException($"rate '{parse.GetValue(rate)}' is not a number of bytes per second (e.g. 0, 50M, 1G)"),
                ct));
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
        bool? wait,
        Func<string, string?, MirrorControlClient, CancellationToken, Task<MirrorStatus>> call)
    {
        var name = Name();
        var command = new Command(verb, description) { name };
        var action = new MirrorAction(new MirrorOptions(), output, error)
        {
            Peer = wait is null ? null : MirrorOptions.Peer(),
            Wait = wait is true ? MirrorOptions.Wait() : null,
            Timeout = wait is true ? MirrorOptions.Timeout() : null,
        };
        action.Install(command, verb, (parse, c, ct) => call(parse.GetValue(name)!, action.Peer is null ? null : parse.GetValue(action.Peer), c, ct));
        return command;
    }
}
