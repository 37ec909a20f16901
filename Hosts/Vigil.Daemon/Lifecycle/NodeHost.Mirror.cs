using Microsoft.Extensions.Logging;
using Vigil.Daemon.Mirror;
using Vigil.ReplicationDriver.Client;

namespace Vigil.Daemon.Lifecycle;

/// <summary>
/// Mirroring (when <c>[cluster] mirror-port</c> is set, members only): the node's vigil-repd, supervised, and the watch
/// that journals its state changes and runs the outdate protocol. Kits learn the driver's directory from
/// <c>VIGIL_REPD_DIR</c> (set before the kit host starts), where vigild also writes the peer addresses (<c>nodes</c>,
/// kept up to date as nodes join: see <see cref="WriteMirrorPeers"/>).
/// </summary>
internal sealed partial class NodeHost
{
    private RepdSupervisor? _repd;
    private MirrorWatch? _mirrorWatch;
    private Task? _watchingMirrors;

    /// <summary>Shared by the control API (which pauses) and the watch (which would lift a pause's mark too early).</summary>
    private readonly MirrorPauses _mirrorPauses = new();

    private void StartMirror()
    {
        if (config.Mirror is not { } mirror || config.Local.Witness)
        {
            return;
        }

        Directory.CreateDirectory(mirror.Directory);
        WriteMirrorPeers(mirror);
        Environment.SetEnvironmentVariable("VIGIL_REPD_DIR", mirror.Directory);
        _repd = new RepdSupervisor(mirror, config.LocalNode, mirror.AddressOf(config.Local), loggers.CreateLogger<RepdSupervisor>());
        _repd.Died += code => _ = _replicated!.RecordLocalAsync(new Engine.Commands.MirrorInputs.ReportMirrorState(
            config.LocalNode, "*", null, "driver-restarted", null, $"vigil-repd exited with code {code}; started again"));
        _repd.Start(_stop.Token);
        _mirrorWatch = new MirrorWatch(config.LocalNode, new MirrorControlClient(mirror.ControlSocket), _replicated!, mirror.Directory, loggers.CreateLogger<MirrorWatch>())
        {
            Addresses = MirrorPeers(mirror),
            Pauses = _mirrorPauses,
        };
        // Subscribed before the table is read again: a join applied in between is never missed.
        _members!.Joined += _ => WriteMirrorPeers(mirror);
        WriteMirrorPeers(mirror);
        _mirrorWatch.OnApplied();
        _replicated!.Applied += _mirrorWatch.OnApplied;
        _watchingMirrors = Task.Run(() => _mirrorWatch.RunAsync(_stop.Token), CancellationToken.None);
        Log.StageDone(logger, NodeStage.Runtime, $"vigil-repd on {mirror.AddressOf(config.Local)}, data in {mirror.Directory}");
    }

    private async Task StopMirrorAsync()
    {
        if (_watchingMirrors is not null)
        {
            try
            {
                await _watchingMirrors;
            }
            catch (OperationCanceledException)
            {
            }
        }

        if (_repd is not null)
        {
            await _repd.StopAsync();
        }
    }
}
