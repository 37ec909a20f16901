using Microsoft.Extensions.Logging;
using Vigil.Consensus;
using Vigil.Daemon.Runtime;
using Vigil.Plugins.Hosting;

namespace Vigil.Daemon.Lifecycle;

/// <summary>The <see cref="NodeStage.Runtime"/> stage: kit host, action execution and checks (members only; a witness holds nothing).</summary>
internal sealed partial class NodeHost
{
    private KitHostClient? _kitHost;
    private ResourceRuntime? _runtime;
    private Task? _running;
    private ProposalRelay? _relay;

    // Shared with the relay, which reads it at each forward: a node that joins later is added (NodeHost.Join.cs).
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, System.Net.IPEndPoint> _relays = new(StringComparer.Ordinal);

    private ProposalRelay StartRelay(ConsensusNode consensus, ConsensusTlsOptions tls)
    {
        _relay = new ProposalRelay(
            consensus,
            _relays,
            tls,
            loggers.CreateLogger<ProposalRelay>());
        _relay.Start();
        return _relay;
    }

    private void StartRuntime()
    {
        if (config.Local.Witness)
        {
            Log.StageDone(logger, NodeStage.Runtime, "witness: no kits, no resources");
            return;
        }

        _kitHost = new KitHostClient(new KitHostOptions { KitsDirectory = config.KitsDir }, loggers.CreateLogger<KitHostClient>());
        _runtime = new ResourceRuntime(config, _replicated!, _kitHost, loggers.CreateLogger<ResourceRuntime>(), time)
        {
            Quorum = _coordinator!.Watch,
            QuorumHeard = _coordinator.HearsQuorum,
        };
        _running = Task.Run(() => _runtime.RunAsync(_stop.Token), CancellationToken.None);
        Log.StageDone(logger, NodeStage.Runtime, $"kits from {config.KitsDir}, quickCheck every {config.Checks.QuickCheck.TotalMilliseconds} ms");
    }

    /// <summary>Before consensus stops: leave what runs here in maintenance so the restart adopts it.</summary>
    private async Task PrepareRuntimeStopAsync(CancellationToken cancellationToken)
    {
        if (_runtime is null)
        {
            return;
        }

        try
        {
            await _runtime.PrepareRestartAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is InvalidOperationException or OperationCanceledException or IOException)
        {
            Log.RuntimeStopProblem(logger, ex.Message);
        }
    }

    private async Task StopRuntimeAsync()
    {
        if (_running is not null)
        {
            await _running;
        }

        if (_kitHost is not null)
        {
            await _kitHost.DisposeAsync();
        }

        if (_relay is not null)
        {
            await _relay.DisposeAsync();
        }
    }
}
