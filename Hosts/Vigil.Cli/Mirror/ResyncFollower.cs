using Spectre.Console;
using Vigil.ReplicationDriver.Client;

namespace Vigil.Cli.Mirror;

/// <summary>
/// <c>--wait</c>: polls the driver's status until every selected peer mirrors, showing progress — a live
/// Spectre.Console bar per peer on a terminal, a plain line per change otherwise (logs, pipes, specs).
/// Stops early when a link can no longer finish by itself (paused, outdated, split brain, refused). The status comes
/// from the local socket or, through the control API, from the node the command was sent to.
/// </summary>
internal sealed class ResyncFollower(Func<CancellationToken, Task<MirrorStatus>> read, string mirror, string? peer, TimeSpan timeout)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>Longer than vigil-repd takes to reconnect a resumed link (it retries every second or so).</summary>
    private static readonly TimeSpan OutdatedGrace = TimeSpan.FromSeconds(15);

    /// <summary>The last status, and why following stopped early (null when every peer mirrors).</summary>
    public async Task<(MirrorStatus Last, string? Failure)> FollowAsync(TextWriter output, bool quiet, CancellationToken ct)
    {
        if (quiet)
        {
            return await this.PollAsync(_ => { }, ct);
        }

        if (ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
            return await console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(ctx =>
                {
                    var tasks = new Dictionary<string, ProgressTask>();
                    return this.PollAsync(peers => Show(ctx, tasks, peers), ct);
                });
        }

        var printed = new Dictionary<string, string>();
        return await this.PollAsync(peers => Print(output, printed, peers), ct);
    }

    private async Task<(MirrorStatus, string?)> PollAsync(Action<IReadOnlyList<PeerStatus>> show, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(Interval);
        var deadline = timeout > TimeSpan.Zero ? DateTime.UtcNow + timeout : DateTime.MaxValue;
        DateTime? outdatedSince = null;
        while (true)
        {
            var status = await read(ct);
            var peers = status.Peers.Where(p => peer is null || p.Node == peer).ToList();
            if (peers.Count == 0)
            {
                return (status, $"mirror {mirror} has no peer {peer}");
            }

            show(peers);
            if (peers.All(p => p.State == PeerLinkState.Mirroring))
            {
                return (status, null);
            }

            // An outdated link is also what a resumed one shows until the primary reconnects to it (its resync then lifts
            // the mark): it is stuck only if it stays so for longer than a reconnect takes.
            var outdated = peers.FirstOrDefault(p => p.State == PeerLinkState.Outdated);
            outdatedSince = outdated is null ? null : outdatedSince ?? DateTime.UtcNow;
            var stuck = peers.FirstOrDefault(p => p.State is PeerLinkState.Paused or PeerLinkState.SplitBrain or PeerLinkState.Refused)
                ?? (DateTime.UtcNow - outdatedSince > OutdatedGrace ? outdated : null);
            if (stuck is not null)
            {
                return (status, $"the link to {stuck.Node} is {StatusText.Camel(stuck.State)}{(stuck.Detail is null ? string.Empty : " (" + stuck.Detail + ")")}; the resync cannot finish by itself");
            }

            if (DateTime.UtcNow > deadline)
            {
                return (status, $"not every peer mirrors after {timeout.TotalSeconds:0} s (--timeout)");
            }

            await timer.WaitForNextTickAsync(ct);
        }
    }

    private static void Print(TextWriter output, Dictionary<string, string> printed, IReadOnlyList<PeerStatus> peers)
    {
        foreach (var p in peers)
        {
            var line = p.State switch
            {
                PeerLinkState.Mirroring => $"resync {p.Node}: done (100 %), mirroring",
                PeerLinkState.Resyncing => $"resync {p.Node}: {p.ResyncDone}/{p.ResyncTotal} chunks ({StatusText.Percent(p)} %)",
                _ => $"resync {p.Node}: {StatusText.Camel(p.State)}, {p.DirtyChunks} dirty chunks",
            };
            if (printed.GetValueOrDefault(p.Node) != line)
            {
                printed[p.Node] = line;
                output.WriteLine(line);
            }
        }
    }

    private static void Show(ProgressContext ctx, Dictionary<string, ProgressTask> tasks, IReadOnlyList<PeerStatus> peers)
    {
        foreach (var p in peers)
        {
            if (!tasks.TryGetValue(p.Node, out var task))
            {
                task = tasks[p.Node] = ctx.AddTask(p.Node, maxValue: 100);
            }

            task.Description = $"{Markup.Escape(p.Node)} [grey]{StatusText.Camel(p.State)}[/]";
            task.MaxValue = Math.Max(1, p.ResyncTotal);
            task.Value = p.State == PeerLinkState.Mirroring ? task.MaxValue : Math.Min(p.ResyncDone, task.MaxValue);
            if (p.State == PeerLinkState.Mirroring)
            {
                task.StopTask();
            }
        }

        ctx.Refresh();
    }
}
