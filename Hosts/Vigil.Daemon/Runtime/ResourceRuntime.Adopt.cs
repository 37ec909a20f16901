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
    /// <summary>Called on a graceful stop, while consensus still runs.</summary>
    public async Task PrepareRestartAsync(CancellationToken cancellationToken)
    {
        var active = await engine.ReadAsync(s => s.Resources.Values.Count(r =>
            r.Instances.TryGetValue(config.LocalNode, out var i) && i.State.IsActive()));
        if (active == 0)
        {
            return;
        }

        var result = await engine.SubmitAsync(new MaintenanceCommands.SetNodeMaintenance(config.LocalNode, true), TimeSpan.FromSeconds(2), cancellationToken);
        if (result.IsCommitted)
        {
            await File.WriteAllTextAsync(_adoptMarker, "vigild stopped gracefully with resources in service; the next start adopts them\n", cancellationToken);
            Log.LeftInMaintenance(logger, active);
        }
        else
        {
            Log.NotLeftInMaintenance(logger, active, result.Outcome.ToString());
        }
    }

    private async Task AdoptIfRestartedAsync(CancellationToken stopping)
    {
        if (!File.Exists(_adoptMarker))
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
