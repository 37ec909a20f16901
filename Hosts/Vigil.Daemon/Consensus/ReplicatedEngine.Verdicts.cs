using System.Text;
using Vigil.Consensus;
using Vigil.Engine.Commands;
using Vigil.Engine.Runtime;

namespace Vigil.Daemon.Consensus;

/// <summary>
/// Lets a proposer learn the engine's verdict on its own input: a waiter registered before proposing is settled
/// by the apply loop with the <see cref="SubmitResult"/> of the first applied entry whose bytes equal the proposal.
/// Two identical proposals in flight get the results of the two identical entries, in order; a waiter that gave up
/// is removed, so a proposal that timed out and commits later settles nobody.
/// </summary>
internal sealed partial class ReplicatedEngine
{
    private readonly List<(string Payload, TaskCompletionSource<SubmitResult> Verdict)> _waiters = [];

    /// <summary>
    /// Proposes <paramref name="input"/> and, once committed, waits up to <paramref name="applyTimeout"/> for this
    /// node to apply it. The result is null unless the proposal committed and was applied in time.
    /// </summary>
    public async Task<(ProposeResult Proposal, SubmitResult? Verdict)> ProposeAndAwaitAsync(IEngineInput input, TimeSpan applyTimeout, CancellationToken cancellationToken)
    {
        var payload = EngineInputCodec.Encode(input, DateTimeOffset.UtcNow);
        var waiter = (Encoding.UTF8.GetString(payload), new TaskCompletionSource<SubmitResult>(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_waiters)
        {
            _waiters.Add(waiter);
        }

        try
        {
            var proposal = await consensus.ProposeAsync(payload, cancellationToken);
            if (!proposal.IsCommitted)
            {
                return (proposal, null);
            }

            try
            {
                return (proposal, await waiter.Item2.Task.WaitAsync(applyTimeout, cancellationToken));
            }
            catch (TimeoutException)
            {
                return (proposal, null);
            }
        }
        finally
        {
            lock (_waiters)
            {
                _waiters.Remove(waiter);
            }
        }
    }

    private void Settle(ReadOnlyMemory<byte> payload, SubmitResult result)
    {
        lock (_waiters)
        {
            if (_waiters.Count == 0)
            {
                return;
            }

            var text = Encoding.UTF8.GetString(payload.Span);
            var i = _waiters.FindIndex(w => w.Payload == text);
            if (i >= 0)
            {
                _waiters[i].Verdict.TrySetResult(result);
                _waiters.RemoveAt(i);
            }
        }
    }
}
