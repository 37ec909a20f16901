using System.Diagnostics;
using System.Collections.Concurrent;
using System.Text;
using Vigil.Membership;

namespace Vigil.Daemon.Heartbeat;

/// <summary>
/// Committed comm path changes: vigild sends the running heartbeat process the new set (<see cref="CommPathPlan"/>)
/// on the pipe it ticks on, the process reconfigures its paths and detector in place and answers
/// <c>applied</c> (or <c>apply-failed</c>). No restart: that would make every path DEAD. A process started later
/// (after a death) gets the newest set right after its plan.
/// </summary>
internal sealed partial class HeartbeatSupervisor
{
    private readonly Lock _write = new();
    private readonly ConcurrentDictionary<long, TaskCompletionSource<(IReadOnlyList<string> Started, IReadOnlyList<string> Stopped)>> _applying = new();
    private CommPathPlan? _committed;

    /// <summary>
    /// Has the heartbeat process run exactly <paramref name="plan"/>'s paths; returns the path ends started and
    /// stopped. Throws <see cref="IOException"/> when the process cannot apply it (it keeps its old paths) or does not
    /// answer within <paramref name="timeout"/>.
    /// </summary>
    public async Task<(IReadOnlyList<string> Started, IReadOnlyList<string> Stopped)> ApplyAsync(CommPathPlan plan, TimeSpan timeout, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var answer = _applying.GetOrAdd(plan.Version, _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        lock (_lock)
        {
            _committed = plan;
        }

        // vigild's view first: a report about a new path is then never dropped as unknown.
        foreach (var peer in Board.Reconfigure(plan.Paths.Select(p => (p.Peer, p.Type))))
        {
            PeerChanged?.Invoke(peer);
        }

        Send(plan);
        try
        {
            return await answer.Task.WaitAsync(timeout, cancellation);
        }
        catch (TimeoutException)
        {
            throw new IOException($"vigil-heartbeat did not answer comm path version {plan.Version} within {timeout.TotalSeconds} s");
        }
        finally
        {
            _applying.TryRemove(plan.Version, out _);
        }
    }

    /// <summary>An <c>applied</c> or <c>apply-failed</c> line from the process; false for any other line.</summary>
    private bool OnApplyAnswer(string line)
    {
        if (HeartbeatWire.ParseApplied(line) is { } applied)
        {
            if (_applying.TryGetValue(applied.Version, out var waiting))
            {
                waiting.TrySetResult((applied.Started, applied.Stopped));
            }

            return true;
        }

        if (HeartbeatWire.ParseApplyFailed(line) is { } failed)
        {
            if (_applying.TryGetValue(failed.Version, out var waiting))
            {
                waiting.TrySetException(new IOException($"vigil-heartbeat cannot run comm path version {failed.Version}: {failed.Problem}"));
            }

            return true;
        }

        return false;
    }

    /// <summary>A newly started process runs the file's paths: bring it to the newest committed set.</summary>
    private void SendCommitted()
    {
        CommPathPlan? plan;
        lock (_lock)
        {
            plan = _committed;
        }

        if (plan is not null)
        {
            Send(plan);
        }
    }

    private void Send(CommPathPlan plan) => Write(Encoding.UTF8.GetBytes(plan.ToWire()));

    /// <summary>Writes to the current process's input; ticks and plans never interleave.</summary>
    private void Write(ReadOnlySpan<byte> bytes)
    {
        Process? child;
        lock (_lock)
        {
            child = _child;
        }

        lock (_write)
        {
            try
            {
                var stream = child?.StandardInput.BaseStream;
                stream?.Write(bytes);
                stream?.Flush();
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
            {
                // Between two processes: the new one gets the newest set right after its plan.
            }
        }
    }
}
