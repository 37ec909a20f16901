using Microsoft.Extensions.Logging;
using Vigil.Engine;
using Vigil.Journal.Forwarding;
using Vigil.Journal.Marten;

namespace Vigil.Daemon.Lifecycle;

/// <summary>
/// Journal forwarding (<c>[journal]</c>): a <see cref="JournalForwarder"/> copies this node's embedded journal into the
/// cluster-wide Marten journal from <c>journal/forward.checkpoint</c>, on its own task. PostgreSQL being slow or down
/// never reaches the failover path: the node journals locally, the forwarder retries with backoff, and
/// <c>vigil_journal_forwarding_lag</c> shows how far behind it is.
/// </summary>
internal sealed partial class NodeHost
{
    private MartenJournalStore? _clusterJournal;
    private Task? _forwarding;

    /// <summary>The running forwarder (null without <c>[journal]</c>).</summary>
    internal JournalForwarder? Forwarder { get; private set; }

    private void StartForwarding()
    {
        if (config.ClusterJournal is not { } journal)
        {
            Log.StageDone(logger, NodeStage.Forwarding, "no [journal]: the embedded journal only");
            return;
        }

        // Opening connects to nothing yet: an unreachable PostgreSQL shows as failed attempts, not as a failed start.
        _clusterJournal = MartenJournalStore.Open(
            new MartenJournalOptions { ConnectionString = journal.ConnectWith(), Schema = journal.Schema }, EngineEvents.Serializer);
        Forwarder = new JournalForwarder(_store!, _clusterJournal, new JournalForwarderOptions
        {
            CheckpointPath = Path.Combine(config.JournalDir, "forward.checkpoint"),
            TimeProvider = time,
        }, loggers.CreateLogger<JournalForwarder>());
        _forwarding = Task.Run(() => Forwarder.RunAsync(_stop.Token), CancellationToken.None);
        Log.StageDone(logger, NodeStage.Forwarding,
            $"to {journal} from position {Forwarder.Checkpoint}" + (journal.Projections ? "; a candidate to run the async daemon (hot/cold)" : "; no async daemon here"));
    }

    private async Task StopForwardingAsync()
    {
        if (_forwarding is not null)
        {
            try
            {
                await _forwarding;
            }
            catch (OperationCanceledException)
            {
            }
        }

        if (_clusterJournal is not null)
        {
            await _clusterJournal.DisposeAsync();
        }
    }
}
