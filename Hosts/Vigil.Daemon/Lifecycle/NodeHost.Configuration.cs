using Microsoft.Extensions.Logging;
using Vigil.Engine.Commands;
using Vigil.Engine.Model;
using Vigil.Membership;

namespace Vigil.Daemon.Lifecycle;

/// <summary>
/// The replicated cluster configuration of the comm paths: vigil-heartbeat starts with the configuration file's
/// paths, then follows the committed configuration — after every applied entry that changed its version, vigild
/// sends the heartbeat process the committed paths this node ends (<see cref="Heartbeat.HeartbeatSupervisor.ApplyAsync"/>),
/// which reconfigures them in place; once it answers, the change is journaled as this node's observation and
/// <see cref="Consensus.ReplicatedEngine.PathsVersion"/> lets the runtime act again.
/// </summary>
internal sealed partial class NodeHost
{
    private static readonly TimeSpan ApplyTimeout = TimeSpan.FromSeconds(10);

    private Task? _reconciling;
    private long _pathsVersion = -1;
    private readonly SemaphoreSlim _configurationChanged = new(0, 1);

    /// <summary>Called once vigil-heartbeat runs the file's paths.</summary>
    private void StartReconcilingCommPaths()
    {
        _pathsVersion = config.ConfigVersion;
        _replicated!.PathsVersion = config.ConfigVersion;
        _replicated.Applied += OnConfigurationMaybeChanged;
        _reconciling = Task.Run(() => ReconcileCommPathsAsync(_stop.Token), CancellationToken.None);
    }

    private async Task StopReconcilingCommPathsAsync()
    {
        if (_replicated is not null)
        {
            _replicated.Applied -= OnConfigurationMaybeChanged;
        }

        if (_reconciling is not null)
        {
            await _reconciling;
        }
    }

    private void OnConfigurationMaybeChanged()
    {
        if (_replicated!.ConfigurationVersion >= 0 && _replicated.ConfigurationVersion != Volatile.Read(ref _pathsVersion) && _configurationChanged.CurrentCount == 0)
        {
            try
            {
                _configurationChanged.Release();
            }
            catch (SemaphoreFullException)
            {
                // One pending reconciliation is enough: it reads the newest state.
            }
        }
    }

    private async Task ReconcileCommPathsAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await _configurationChanged.WaitAsync(TimeSpan.FromSeconds(1), stopping);
                var (known, version, paths) = await _replicated!.ReadAsync(s => (s.ConfigurationKnown, s.ConfigVersion, s.CommPaths.Values.ToList()));
                if (!known || version == Volatile.Read(ref _pathsVersion) || _heartbeat is not { } heartbeat)
                {
                    continue;
                }

                var (started, stopped) = await heartbeat.ApplyAsync(PlanOf(paths, version), ApplyTimeout, stopping);
                Volatile.Write(ref _pathsVersion, version);
                _replicated.PathsVersion = version;
                Log.CommPathsReconciled(logger, version, started.Count == 0 ? "-" : string.Join(", ", started), stopped.Count == 0 ? "-" : string.Join(", ", stopped));
                await _replicated.RecordLocalAsync(new ClusterConfigurationCommands.ReportCommPathsApplied(config.LocalNode, version, [.. started], [.. stopped]));
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException && stopping.IsCancellationRequested)
            {
                return; // stopping: the engine may already be gone
            }
            catch (Exception ex) when (ex is IOException or FormatException or InvalidOperationException)
            {
                // A path that cannot start (address not on this node, port taken) is logged and retried; its peers see it DEAD.
                Log.CommPathsFailed(logger, ex);
            }
        }
    }

    /// <summary>The committed paths this node ends, as the heartbeat process runs them.</summary>
    private CommPathPlan PlanOf(IEnumerable<CommPathSpec> paths, long version) => new(
        version,
        [.. paths.Where(p => p.Involves(config.LocalNode)).Select(p => new PlanPath(p.Type, p.PeerOf(config.LocalNode), p.AddressOf(config.LocalNode), p.AddressOf(p.PeerOf(config.LocalNode)))
        {
            // A node that joined after this heartbeat process started is not in its plan: the path names its id.
            PeerId = _members?.Find(p.PeerOf(config.LocalNode))?.Id ?? -1,
        })]);

    /// <summary>The committed comm paths for the status, or the file's before the configuration is seeded.</summary>
    internal static IEnumerable<CommPathSpec> Committed(Engine.State.ClusterState state, IEnumerable<CommPathSpec> file) =>
        state.ConfigurationKnown ? state.CommPaths.Values : file;
}
