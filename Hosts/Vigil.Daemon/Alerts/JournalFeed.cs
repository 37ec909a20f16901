using Vigil.Journal;

namespace Vigil.Daemon.Alerts;

/// <summary>
/// Follows the node's own journal on a task of its own and feeds every event to the observers (alert routing,
/// metrics). It only reads the store: the engine, consensus and the runtime never wait for it, so a slow hook or
/// scrape cannot delay a decision or a failover.
/// </summary>
internal sealed class JournalFeed(IJournalStore store, IReadOnlyList<IJournalObserver> observers)
{
    /// <summary>The last position every observer has seen.</summary>
    public long Position { get; private set; }

    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var e in store.SubscribeAsync(1, stopping))
            {
                foreach (var o in observers)
                {
                    await o.ObserveAsync(e, stopping);
                }

                Position = e.Position;
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }
}
