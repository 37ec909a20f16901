using Vigil.Journal;

namespace Vigil.Daemon.Alerts;

/// <summary>Something fed every event of the node's journal in position order, from the first, by <see cref="JournalFeed"/>.</summary>
internal interface IJournalObserver
{
    ValueTask ObserveAsync(RecordedEvent recorded, CancellationToken cancellationToken);
}
