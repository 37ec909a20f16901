using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;
using Vigil.Daemon.ControlApi;

namespace Vigil.Daemon.Lifecycle;

/// <summary>The <see cref="NodeStage.ControlApi"/> stage: started after consensus (commands need it), stopped first.</summary>
internal sealed partial class NodeHost
{
    private ControlApiServer? _api;

    private async Task StartControlApiAsync(CancellationToken cancellationToken)
    {
        if (config.Local.Api is null)
        {
            Log.StageDone(logger, NodeStage.ControlApi, "none (no 'api' address for this node)");
            return;
        }

        CredentialStore users;
        try
        {
            users = CredentialStore.Load(config.CredentialsFile!);
        }
        catch (Vigil.Daemon.Configuration.ConfigException e)
        {
            throw new InvalidDataException(e.Message, e); // vigild exits 3 with the file, line and field
        }

        var certificate = config.ApiTls ? X509CertificateLoader.LoadPkcs12FromFile(config.CertificateFile, password: null) : null;
        _api = new ControlApiServer(config, _replicated!, _store!, () => Paths, users, certificate, loggers.CreateLogger<ControlApiServer>())
        {
            LoadedKits = () => _runtime?.LoadedKits ?? [],
            Metrics = _metrics,
            Repd = config.Mirror is { } mirror && !config.Local.Witness ? new Vigil.ReplicationDriver.Client.MirrorControlClient(mirror.ControlSocket) : null,
            MirrorPauses = _mirrorPauses,
        };
        await _api.StartAsync(cancellationToken);
        Log.StageDone(logger, NodeStage.ControlApi, $"{_api.Scheme}://{config.Local.Api}, {users.Users.Count} users");
    }

    private async Task StopControlApiAsync()
    {
        if (_api is not null)
        {
            await _api.DisposeAsync();
            _api = null;
        }
    }
}
