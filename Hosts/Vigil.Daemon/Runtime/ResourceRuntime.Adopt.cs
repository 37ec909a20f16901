using Vigil.Engine.Commands;
using Vigil.Engine.Model;

namespace Vigil.Daemon.Runtime;

/// <summary>
/// Restarting vigild must not restart (or fail over) what runs on the node (Pacemaker's "reattach"): a graceful stop
/// puts the node in maintenance through consensus, so that the cluster leaves its resources alone while vigild is
/// away; the next start, once current, takes it out again and the first quickChecks adopt what is running.
/// </summary>
internal sealed partial class ResourceRuntime
{
    /// <summary>How long a graceful stop waits for this node's running actions before it gives up on maintenance.</summary>
    private static readonly TimeSpan PrepareBudget = TimeSpan.FromSeconds(8);

    /// <summary>Called on a graceful stop, while consensus still runs.</summary>
    public async Task PrepareRestartAsync(CancellationToken cancellationToken)
    {
        var active = await engine.ReadAsync(s => s.Resources.Values.Count(r =>
            r.Instances.TryGetValue(config.LocalNode, out var i) && i.State.IsActive()));
        // Already in maintenance (an operator's): it stays so after the restart, so no marker to take it out.
        if (active == 0 || await engine.ReadAsync(s => s.Nodes.TryGetValue(config.LocalNode, out var n) && n.Maintenance))
        {
            return;
        }

        // The engine refuses (busy) while a restore or remove runs on this node; the runtime still runs, so that
        // action finishes and reports meanwhile: ask again until the node is in maintenance or the budget is spent.
        var started = time.GetTimestamp();
        var outcome = "refused: busy";
        while (!await engine.ReadAsync(s => s.Nodes.TryGetValue(config.LocalNode, out var n) && n.Maintenance))
        {
            if (time.GetElapsedTime(started) > PrepareBudget)
            {
                Log.NotLeftInMaintenance(logger, active, outcome);
                return;
            }

            var result = await engine.SubmitAsync(new MaintenanceCommands.SetNodeMaintenance(config.LocalNode, true), TimeSpan.FromSeconds(2), cancellationToken);
            outcome = result.IsCommitted ? "refused: busy" : result.Outcome.ToString();
            await Task.Delay(TimeSpan.FromMilliseconds(100), time, cancellationToken);
        }

        await File.WriteAllTextAsync(_adoptMarker, "vigild stopped gracefully with resources in service; the next start adopts them\n", cancellationToken);
        Log.LeftInMaintenance(logger, active);
    }

    private long? _heardSince;

    /// <summary>Whether this node hears a majority of the cluster on its comm paths (the failure detector's view).</summary>
    public Func<bool>? QuorumHeard { get; init; }

    private async Task AdoptIfRestartedAsync(CancellationToken stopping)
    {
        if (!File.Exists(_adoptMarker))
        {
            return;
        }

        // Hand the node back only once the cluster sees it again: the replicated state has it alive, and this node has
        // heard a majority on its comm paths for two detection deadlines — so a leader that had not yet declared it
        // dead (it hears it on the same paths) no longer will, and nothing fails over what is about to be adopted.
        var alive = await engine.ReadAsync(s => s.Nodes.TryGetValue(config.LocalNode, out var n) && n.Alive);
        if (!alive || QuorumHeard?.Invoke() == false)
        {
            _heardSince = null;
            return;
        }

        _heardSince ??= time.GetTimestamp();
        if (time.GetElapsedTime(_heardSince.Value) < config.Heartbeat.Deadline * 2)
        {
            return;
        }

        if (await ReportAsync(new MaintenanceCommands.SetNodeMaintenance(config.LocalNode, false), () => Task.FromResult(true), stopping))
        {
            File.Delete(_adoptMarker);
            var adopted = await engine.ReadAsync(s => s.Resources.Values.Count(r =>
                r.Instances.TryGetValue(config.LocalNode, out var i) && i.State.IsInService()));
            Log.Adopting(logger, adopted);
        }
    }
}
