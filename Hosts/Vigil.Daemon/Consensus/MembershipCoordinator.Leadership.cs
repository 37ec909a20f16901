using Vigil.Consensus;

namespace Vigil.Daemon.Consensus;

/// <summary>
/// A node that has just been elected reconciles at once rather than on its next tick: when the crashed node was the
/// leader, every path to it has long been DEAD by the time the election ends, and its fencing and verdict wait only
/// for this node to act. Being elected decides nothing by itself: the verdict still has to commit.
/// </summary>
internal sealed partial class MembershipCoordinator
{
    private IDisposable WatchLeadership()
    {
        engine.Consensus.LeaderChanged += OnLeaderChanged;
        return new Unsubscribe(() => engine.Consensus.LeaderChanged -= OnLeaderChanged);
    }

    private void OnLeaderChanged(object? sender, LeaderChangedEventArgs e)
    {
        NotePlacement(e);
        if (e.IsLocal)
        {
            Nudge();
        }
    }

    private sealed class Unsubscribe(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
