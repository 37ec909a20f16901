using Vigil.Engine.Commands;
using Vigil.Engine.Model;

namespace Vigil.Daemon.Runtime;

/// <summary>
/// What a node could not release after a lapsed lease. The catch-up removes, locally, what the cluster gave away while
/// the node was cut off; a remove that fails there used to be forgotten, and the instance ran on beside the copy that
/// took over (the cluster has it out of service here). Now each one goes to the engine (<c>ReportReleaseFailed</c>),
/// which requests the remove again through the log; one instance at a time, parents first (the order remove goes in),
/// up to <see cref="ReleaseAttempts"/> times, further apart each time, while the engine's remove fails (each failure
/// counted on the instance).
/// </summary>
internal sealed partial class ResourceRuntime
{
    private const int ReleaseAttempts = 3;

    private readonly Dictionary<string, string> _removeFailures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _releaseReports = new(StringComparer.Ordinal);
    private List<LocalWork> _unreleased = [];
    private long? _releaseAsked;
    private bool _releaseRunning;

    private async Task ReleaseLeftoversAsync(CancellationToken stopping)
    {
        if (_unreleased.Count == 0)
        {
            return;
        }

        var w = _unreleased[0];
        var state = await engine.ReadAsync(s => s.FindInstance(w.Tag, config.LocalNode)?.State);
        if (state == InstanceState.Removing)
        {
            // The engine's remove runs (dispatched like any action): wait for its result. Counted once per remove.
            if (!_releaseRunning)
            {
                _releaseReports[w.Tag] = _releaseReports.GetValueOrDefault(w.Tag) + 1;
                _releaseRunning = true;
            }

            return;
        }

        _releaseRunning = false;

        var reported = _releaseReports.GetValueOrDefault(w.Tag);
        string? ended = state switch
        {
            null => "no longer extended here: nothing to release",
            InstanceState.Osu when reported > 0 => "removed",
            { } s when s.IsActive() => "the cluster gave it back to this node: it stays",
            InstanceState.Osf when reported >= ReleaseAttempts => $"remove failed {reported} times: it may still run here; stop it by hand, then `vigil resource cleanup {w.Tag}`",
            _ => null,
        };
        if (ended is not null)
        {
            Log.ReleaseEnded(logger, w.Tag, ended);
            _unreleased.RemoveAt(0);
            _releaseReports.Remove(w.Tag);
            _releaseAsked = null; // the next one (its child) is asked about at once
            return;
        }

        // OSU never asked about, or OSF after the engine's remove failed: ask (again), spaced out (5 s, then 10 s: what
        // blocked the remove may clear meanwhile; the answer shows as REMOVING once applied). A refusal (busy: the
        // hierarchy is moving) or no majority: asked again after the same wait.
        if (_releaseAsked is { } asked && time.GetElapsedTime(asked) < SubmitDeadline * Math.Max(1, reported))
        {
            return;
        }

        var reason = _removeFailures.GetValueOrDefault(w.Tag, "remove failed");
        Log.ReleaseReported(logger, w.Tag, reason, reported + 1, ReleaseAttempts);
        _releaseAsked = time.GetTimestamp();
        var result = await engine.SubmitAsync(new MembershipInputs.ReportReleaseFailed(config.LocalNode, w.Tag, reason), SubmitDeadline, stopping);
        if (!result.IsCommitted)
        {
            Log.ReportRetry(logger, nameof(MembershipInputs.ReportReleaseFailed), result.Outcome.ToString(), result.LeaderName ?? "(none)");
        }
    }
}
