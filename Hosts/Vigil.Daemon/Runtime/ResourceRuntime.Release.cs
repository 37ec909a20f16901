using Vigil.Engine.Commands;
using Vigil.Engine.Model;
using Vigil.Engine.State;

namespace Vigil.Daemon.Runtime;

/// <summary>
/// What this node must release: the instances the replicated state marks <see cref="InstanceInfo.ReleasePending"/> here —
/// the cluster declared the node dead while they were active or OSF on it, and took their hierarchies over, but nothing
/// proved them stopped here (a lapsed lease stops nothing by itself, a remove may fail, vigild may have been down). The
/// list comes from the committed state, not from memory, so a vigild that restarts (or crashed and was declared dead)
/// releases them as soon as it is current again. Parents first (the order remove goes in), one at a time: removed
/// locally once (<c>ReportReleased</c> on success), else the engine is asked to remove it again
/// (<c>ReportReleaseFailed</c>) up to <see cref="ReleaseAttempts"/> times per start, further apart each time.
/// </summary>
internal sealed partial class ResourceRuntime
{
    private const int ReleaseAttempts = 3;

    private readonly Dictionary<string, string> _removeFailures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _releaseReports = new(StringComparer.Ordinal);

    /// <summary>Tag → whether this vigild's own remove of it succeeded (since it started or last lost its lease).</summary>
    private readonly Dictionary<string, bool> _localRemoves = new(StringComparer.Ordinal);
    private readonly HashSet<string> _givenUp = new(StringComparer.Ordinal);
    private string? _releaseHead;
    private long? _releaseAsked;
    private bool _releaseRunning;

    private async Task ReleaseLeftoversAsync(CancellationToken stopping)
    {
        var (pending, alive) = await engine.ReadAsync(s => (PendingReleaseHere(s).ToList(),
            s.Nodes.TryGetValue(config.LocalNode, out var n) && n.Alive));
        Forget(pending);
        var w = pending.FirstOrDefault(p => !_givenUp.Contains(p.Tag));
        if (w is null)
        {
            return;
        }

        if (w.Tag != _releaseHead)
        {
            _releaseHead = w.Tag;
            _releaseAsked = null; // the next one (its child) is asked about at once
            _releaseRunning = false;
        }

        var state = await engine.ReadAsync(s => s.FindInstance(w.Tag, config.LocalNode)?.State);

        // Never left running here, whatever the cluster answers: the local remove goes first, even before the
        // leader has the node alive again (a restarted node is current before it is heard).
        if (state != InstanceState.Removing && !_localRemoves.ContainsKey(w.Tag))
        {
            _localRemoves[w.Tag] = (await RemoveAllAsync([w], stopping)).Count == 0;
        }

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
        if (state == InstanceState.Osf && reported >= ReleaseAttempts)
        {
            Log.ReleaseEnded(logger, w.Tag, $"remove failed {reported} times: it may still run here; stop it by hand, then `vigil resource cleanup {w.Tag}`");
            _givenUp.Add(w.Tag);
            return;
        }

        // Asked again spaced out (5 s, then 10 s: what blocked the remove may clear meanwhile). A refusal (busy: the
        // hierarchy is moving), no majority, or the node not yet alive again in the state: asked after the same wait.
        if (!alive || (_releaseAsked is { } asked && time.GetElapsedTime(asked) < SubmitDeadline * Math.Max(1, reported)))
        {
            return;
        }

        _releaseAsked = time.GetTimestamp();
        IEngineInput input;
        if (_localRemoves[w.Tag] && reported == 0)
        {
            Log.Released(logger, w.Tag);
            input = new MembershipInputs.ReportReleased(config.LocalNode, w.Tag);
        }
        else
        {
            var reason = _removeFailures.GetValueOrDefault(w.Tag, "remove failed");
            Log.ReleaseReported(logger, w.Tag, reason, reported + 1, ReleaseAttempts);
            input = new MembershipInputs.ReportReleaseFailed(config.LocalNode, w.Tag, reason);
        }

        var result = await engine.SubmitAsync(input, SubmitDeadline, stopping);
        if (!result.IsCommitted)
        {
            Log.ReportRetry(logger, input.GetType().Name, result.Outcome.ToString(), result.LeaderName ?? "(none)");
        }
    }

    /// <summary>Drops what this vigild remembers about instances no longer pending release (a later death starts afresh).</summary>
    private void Forget(List<LocalWork> pending)
    {
        var tags = pending.Select(p => p.Tag).ToHashSet(StringComparer.Ordinal);
        foreach (var tag in _localRemoves.Keys.Where(t => !tags.Contains(t)).ToList())
        {
            _localRemoves.Remove(tag);
        }

        foreach (var tag in _releaseReports.Keys.Where(t => !tags.Contains(t)).ToList())
        {
            _releaseReports.Remove(tag);
        }

        _givenUp.IntersectWith(tags);
    }

    /// <summary>A new lapse: every release starts again from a local remove.</summary>
    private void ResetReleases()
    {
        _localRemoves.Clear();
        _releaseReports.Clear();
        _givenUp.Clear();
        _releaseHead = null;
    }

    /// <summary>
    /// This node's instances pending release, parents first; not those left alone (unmanaged) nor those an operation
    /// is about to restore here (the restore ends the pending release).
    /// </summary>
    private IEnumerable<LocalWork> PendingReleaseHere(ClusterState s) =>
        s.Resources.Values
            .Where(r => r.Instances.TryGetValue(config.LocalNode, out var i) && i.ReleasePending
                        && !s.IsUnmanaged(r.Tag, config.LocalNode)
                        && !(r.OperationId is { } op && s.Operations.TryGetValue(op, out var o) && o.Target == config.LocalNode))
            .OrderBy(r => s.Ancestors(r.Tag).Length)
            .ThenBy(r => r.Tag, StringComparer.Ordinal)
            .Select(r => new LocalWork(0, r.Tag, r.Type, KitAction.Remove, r.Parameters));
}
