using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using System.Security.Cryptography.X509Certificates;
using Vigil.Consensus;
using Vigil.Daemon.Configuration;
using Vigil.Daemon.Consensus;
using Vigil.Daemon.Systemd;
using Vigil.Engine;
using Vigil.Engine.Commands;
using Vigil.Engine.Runtime;
using Vigil.Journal.Embedded;
using Vigil.Membership;

namespace Vigil.Daemon.Lifecycle;

/// <summary>
/// Runs the node's stages in order (<see cref="NodeStage"/>) and stops them in reverse. The engine is replicated
/// through consensus (<see cref="ReplicatedEngine"/>); path transitions found by the detector thread are journaled
/// locally as observations; the leader turns detector verdicts into proposals (<see cref="MembershipCoordinator"/>).
/// </summary>
internal sealed partial class NodeHost(NodeConfig config, ILogger<NodeHost> logger, ILoggerFactory loggers, SystemdNotifier notifier, TimeProvider time) : IHostedService, IAsyncDisposable
{
    private ConsensusNode? _consensus;
    private ReplicatedEngine? _replicated;
    private Task? _coordinating;
    private MembershipCoordinator? _coordinator;
    private readonly CancellationTokenSource _stop = new();
    private EmbeddedJournalStore? _store;
    private JournaledEngine? _engine;
    private Task? _journaling;
    private readonly System.Threading.Channels.Channel<IEngineInput> _observations =
        System.Threading.Channels.Channel.CreateUnbounded<IEngineInput>(new() { SingleReader = true });

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        Log.Starting(logger, config.LocalNode, config.ClusterName, config.Path);
        var key = ClusterKey.Load(config.KeyFile);

        var incarnation = Incarnation.Advance(config.DataDir);
        Log.StageDone(logger, NodeStage.Identity, $"incarnation {incarnation} (each vigil-heartbeat start advances it), {key}");

        _store = await EmbeddedJournalStore.OpenAsync(config.JournalDir, EngineEvents.Serializer, cancellationToken: cancellationToken);
        // The state is rebuilt from the consensus log, not from this node's journal (which records, not decides).
        _engine = await JournaledEngine.OpenAsync(_store, config.LocalNode, EngineEvents.Serializer, time, cancellationToken, project: false);
        Log.StageDone(logger, NodeStage.Journal, $"{_store.LastPosition} events in {config.JournalDir}");

        var certificate = X509CertificateLoader.LoadPkcs12FromFile(config.CertificateFile, password: null);
        PrepareMembers();
        var tls = new ConsensusTlsOptions { Certificate = certificate, ClusterAuthority = certificate };
        _consensus = new ConsensusNode(
            new ConsensusOptions
            {
                Members = config.Nodes.ToDictionary(n => n.Name, n => n.Raft, StringComparer.Ordinal),
                LocalName = config.LocalNode,
                DataDirectory = config.RaftDir,
                // Derived from the heartbeat profile (ConsensusTimings): a follower gives up on its leader after about the
                // detector's deadline; requests end before a candidate's timer fires. See docs/performance.md.
                LowerElectionTimeout = config.ConsensusTimings.Lower,
                UpperElectionTimeout = config.ConsensusTimings.Upper,
                HeartbeatThreshold = ConsensusTimings.HeartbeatThreshold,
                RequestTimeout = config.ConsensusTimings.Request,
                ConnectTimeout = config.ConsensusTimings.Connect,
                // Every node holds the cluster certificate: mutual TLS pinned to it authenticates consensus traffic.
                Tls = tls,
                Joining = config.Join is not null,
            },
            loggers);
        await _consensus.StartAsync(cancellationToken);
        _replicated = new ReplicatedEngine(_consensus, StartRelay(_consensus, tls), _engine, config.DataDir)
        {
            OnApplyFailure = ex => Log.ApplyFailed(logger, ex),
            Members = _members,
            Logger = loggers.CreateLogger<ReplicatedEngine>(),
        };
        _replicated.Start(_stop.Token);
        Log.StageDone(logger, NodeStage.Consensus, $"raft on {config.Local.Raft}, {config.Nodes.Count} voters");
        StartAlertsAndMetrics();
        StartForwarding();
        await StartControlApiAsync(cancellationToken);

        StartHeartbeat();
        _journaling = Task.Run(JournalObservationsAsync, CancellationToken.None);
        _coordinator = new MembershipCoordinator(config, _replicated, _heartbeat!.Board, loggers.CreateLogger<MembershipCoordinator>());
        _coordinating = Task.Run(() => _coordinator.RunAsync(_stop.Token), CancellationToken.None);
        Log.StageDone(logger, NodeStage.Detection, $"interval {config.Heartbeat.Interval.TotalMilliseconds} ms, DEAD after {config.Heartbeat.Deadline.TotalMilliseconds} ms, ALIVE after {config.Heartbeat.AliveAfter} beats, grace {config.Heartbeat.Grace.TotalMilliseconds} ms");
        StartMirror();
        StartRuntime();

        notifier.Notify($"READY=1\nSTATUS=node {config.LocalNode} up, beating on {string.Join(", ", config.Paths)}");
        Log.StageDone(logger, NodeStage.Ready, notifier.Enabled ? "supervisor notified" : "no supervisor to notify");
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        notifier.Notify("STOPPING=1");
        Log.Stopping(logger, config.LocalNode);
        await PrepareRuntimeStopAsync(cancellationToken);
        await _stop.CancelAsync();
        await StopControlApiAsync();
        _observations.Writer.TryComplete();
        if (_journaling is not null)
        {
            await _journaling;
        }

        if (_coordinating is not null)
        {
            try
            {
                await _coordinating;
            }
            catch (OperationCanceledException)
            {
            }
        }

        await StopRuntimeAsync();
        await StopMirrorAsync();
        await StopAlertsAsync();
        await StopForwardingAsync();

        if (_consensus is not null)
        {
            await _consensus.DisposeAsync();
        }

        if (_replicated is not null)
        {
            await _replicated.DisposeAsync();
        }

        await StopReconcilingCommPathsAsync();
        StopHeartbeat(); // the node beats until the very end of its stop, as it did from its first stage
        _engine?.Dispose();
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        Log.Stopped(logger, config.LocalNode);
    }

    public async ValueTask DisposeAsync()
    {
        _stop.Dispose();
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    private async Task JournalObservationsAsync()
    {
        await foreach (var input in _observations.Reader.ReadAllAsync())
        {
            await _replicated!.RecordLocalAsync(input);
        }
    }
}
