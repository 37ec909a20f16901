using System.Globalization;
using Vigil.Daemon.Fencing;
using Vigil.Engine.Commands;
using Vigil.Engine.Model;
using Vigil.Engine.State;

namespace Vigil.Daemon.Consensus;

/// <summary>
/// Fencing before takeover: when every path to a member is dead and this node leads a quorate majority, it runs the
/// member's fence agent (<c>off</c>) once per silence. Success lets the leader propose the member dead at once — a
/// powered-off node runs nothing, so its lease no longer matters; failure or timeout leaves the lease wait in force.
/// Every run is journaled here (<see cref="MembershipInputs.ReportFencing"/>). A minority never fences: it cannot
/// lead, and the leader checks that it hears a majority before it starts the agent. Only a node worth it is fenced:
/// one this node has heard since it started (not a late starter still booting), not in maintenance (its resources
/// are not taken over: a graceful vigild restart leaves them so), and holding an active instance (something to take over).
/// </summary>
internal sealed partial class MembershipCoordinator
{
    private readonly Dictionary<string, Task<FenceResult>> _fencing = new(StringComparer.Ordinal);
    private readonly HashSet<string> _heard = new(StringComparer.Ordinal);
    private readonly FenceAgent? _agent = config.Fencing.Enabled ? new FenceAgent(config.Fencing, config.LocalNode, config.ClusterName, logger) : null;

    /// <summary>The nodes a takeover would take something from: not in maintenance, with an active instance.</summary>
    private Task<HashSet<string>> FenceableAsync() => _agent is null
        ? Task.FromResult(new HashSet<string>(StringComparer.Ordinal))
        : engine.ReadAsync(s => s.Nodes.Values
            .Where(n => !n.Maintenance && s.Resources.Values.Any(r => r.Instances.TryGetValue(n.Name, out var i) && i.State.IsActive()))
            .Select(n => n.Name).ToHashSet(StringComparer.Ordinal));

    /// <summary>
    /// Why the unreachable <paramref name="node"/> may be proposed dead now, or null if not yet: fenced, or its lease
    /// has run out. Starts the fence agent on the first call of a silence (the agent's end nudges the loop).
    /// </summary>
    private string? DeadVerdict(string node, bool fenceable, CancellationToken stopping)
    {
        var paths = config.Paths.Count;
        if (_fencing.TryGetValue(node, out var run) && run.IsCompletedSuccessfully && run.Result.Succeeded)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"all {paths} comm paths dead as seen by {config.LocalNode}, leader of a quorate majority; fenced by {config.LocalNode} ({run.Result.Agent} off in {(long)run.Result.Duration.TotalMilliseconds} ms)");
        }

        if (run is null && fenceable && _heard.Contains(node) && config.Fencing.AgentFor(node) is not null && HearsQuorum())
        {
            _fencing[node] = FenceAsync(node, stopping);
        }

        if (!LeaseOver(node))
        {
            return null;
        }

        var fence = run is null ? string.Empty
            : run.IsCompletedSuccessfully ? $"; fencing failed ({run.Result.Detail})"
            : "; fencing still running";
        return $"all {paths} comm paths dead as seen by {config.LocalNode}, leader of a quorate majority; lease + margin expired{fence}";
    }

    private async Task<FenceResult> FenceAsync(string node, CancellationToken stopping)
    {
        await Task.Yield(); // the agent runs off the reconcile loop, which keeps serving the other nodes
        FenceResult result;
        try
        {
            result = await _agent!.RunAsync(node, "off", stopping);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException)
        {
            result = new FenceResult(node, "off", config.Fencing.AgentFor(node) ?? "?", false, TimeSpan.Zero, ex.Message);
        }

        await engine.RecordLocalAsync(new MembershipInputs.ReportFencing(
            config.LocalNode, node, result.Agent, result.Action, result.Succeeded, (long)result.Duration.TotalMilliseconds, result.Detail));
        Nudge();
        return result;
    }

    /// <summary>A node heard (again) starts a new silence: a later one is fenced afresh (unless a run is still going).</summary>
    private void ForgetFencing(string node)
    {
        _heard.Add(node);
        if (_fencing.TryGetValue(node, out var run) && run.IsCompleted)
        {
            _fencing.Remove(node);
        }
    }
}
