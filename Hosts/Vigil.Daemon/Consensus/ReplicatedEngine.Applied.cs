using Vigil.Engine.State;

namespace Vigil.Daemon.Consensus;

internal sealed partial class ReplicatedEngine
{
    /// <summary>
    /// Waits, up to <paramref name="deadline"/>, until this node's state shows <paramref name="applied"/>: a proposal
    /// committed through the relay is not yet applied here, and the engine may still refuse it. True once it shows.
    /// </summary>
    public async Task<bool> WaitAppliedAsync(Func<ClusterState, bool> applied, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + deadline;
        while (!await ReadAsync(applied))
        {
            if (DateTime.UtcNow >= until)
            {
                return false;
            }

            await Task.Delay(10, cancellationToken); // the commit is known: this node applies it within milliseconds
        }

        return true;
    }
}
