using Microsoft.Extensions.Logging;
using Vigil.Daemon.CommPaths;
using Vigil.Engine.Commands;
using Vigil.Engine.Model;
using Vigil.Membership;

namespace Vigil.Daemon.Lifecycle;

/// <summary>
/// The <see cref="NodeStage.CommPaths"/> stage and the replicated cluster configuration: the paths start as the
/// configuration file describes them, then follow the committed configuration — after every applied entry that
/// changed its version, the running paths are reconciled (<see cref="CommPathSet"/>), the change is journaled as
/// this node's observation, and <see cref="Consensus.ReplicatedEngine.PathsVersion"/> lets the runtime act again.
/// </summary>
internal sealed partial class NodeHost
{
    private CommPathSet? _commPaths;
    private Task? _reconciling;
    private readonly SemaphoreSlim _configurationChanged = new(0, 1);

    /// <summary>The comm paths this node runs now (for the status).</summary>
    public CommPathSet? CommPaths => _commPaths;

    private void StartCommPaths(ClusterKey key, long incarnation)
    {
        _detector = new FailureDetector(config.Heartbeat, config.Peers.Select(p => p.Name), config.Paths, time);
        _sink = new HeartbeatSink(config, key, _detector);
        var frames = new FrameSource(config, key, incarnation);
        _commPaths = new CommPathSet(config, frames, _sink, _detector);
        _commPaths.Apply(config.FilePaths(), config.ConfigVersion);
        _replicated!.PathsVersion = config.ConfigVersion;
        _replicated.Applied += OnConfigurationMaybeChanged;
        _reconciling = Task.Run(() => ReconcileCommPathsAsync(_stop.Token), CancellationToken.None);
        Log.StageDone(logger, NodeStage.CommPaths, $"{string.Join(", ", config.Paths)} from the configuration file, version {config.ConfigVersion}");
    }

    private async Task StopCommPathsAsync()
    {
        if (_replicated is not null)
        {
            _replicated.Applied -= OnConfigurationMaybeChanged;
        }

        if (_reconciling is not null)
        {
            await _reconciling;
        }

        _commPaths?.Dispose();
    }

    private void OnConfigurationMaybeChanged()
    {
        if (_replicated!.ConfigurationVersion >= 0 && _replicated.ConfigurationVersion != _commPaths!.Version && _configurationChanged.CurrentCount == 0)
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
                if (!known || version == _commPaths!.Version)
                {
                    continue;
                }

                var (started, stopped) = _commPaths.Apply(paths, version);
                _replicated.PathsVersion = version;
                Log.CommPathsReconciled(logger, version, started.Count == 0 ? "-" : string.Join(", ", started), stopped.Count == 0 ? "-" : string.Join(", ", stopped));
                await _replicated.RecordLocalAsync(new ClusterConfigurationCommands.ReportCommPathsApplied(config.LocalNode, version, [.. started], [.. stopped]));
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException && stopping.IsCancellationRequested)
            {
                return; // stopping: the engine may already be gone
            }
            catch (Exception ex) when (ex is System.Net.Sockets.SocketException or IOException or FormatException or InvalidOperationException)
            {
                // A path that cannot start (address not on this node, port taken) is logged and retried; its peers see it DEAD.
                Log.CommPathsFailed(logger, ex);
            }
        }
    }

    /// <summary>The committed comm paths for the status, or the file's before the configuration is seeded.</summary>
    internal static IEnumerable<CommPathSpec> Committed(Engine.State.ClusterState state, IEnumerable<CommPathSpec> file) =>
        state.ConfigurationKnown ? state.CommPaths.Values : file;
}
