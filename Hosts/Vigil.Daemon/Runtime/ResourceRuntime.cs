using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Vigil.Daemon.Configuration;
using Vigil.Daemon.Consensus;
using Vigil.Engine.Commands;
using Vigil.Plugins.Hosting;

namespace Vigil.Daemon.Runtime;

/// <summary>
/// The node's hands: runs the kit actions the replicated engine asks of this node, reports their results, checks
/// its in-service instances periodically and reports what changed, and tells the cluster which resource types
/// its kits provide. It acts only on a current state (<see cref="ReplicatedEngine.IsCaughtUp"/>), so a node
/// catching up never runs an action that a later entry already cancelled. Everything it reports goes through
/// consensus (<see cref="ReplicatedEngine.SubmitAsync"/>), so it decides nothing by itself.
/// </summary>
internal sealed partial class ResourceRuntime(NodeConfig config, ReplicatedEngine engine, KitHostClient kits, ILogger logger, TimeProvider time)
{
    /// <summary>How long one attempt to get a report committed may take before it is tried again.</summary>
    private static readonly TimeSpan SubmitDeadline = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly ConcurrentDictionary<long, byte> _handled = new();
    private readonly ConcurrentDictionary<string, CheckSchedule> _schedules = new(StringComparer.Ordinal);
    private readonly string _adoptMarker = Path.Combine(config.DataDir, "adopt-on-start");
    private Task? _registering;

    /// <summary>The file that makes the next start hand the node back from maintenance once it is current.</summary>
    public string AdoptMarker => _adoptMarker;

    /// <summary>Something was applied: look for work now rather than on the next tick.</summary>
    public void Nudge()
    {
        if (_wake.CurrentCount == 0)
        {
            try
            {
                _wake.Release();
            }
            catch (SemaphoreFullException)
            {
                // One pending wake-up is enough.
            }
        }
    }

    public async Task RunAsync(CancellationToken stopping)
    {
        engine.Applied += Nudge;
        try
        {
            // The kit host loads its kits now, so the first restore does not wait for it.
            _registering = Task.Run(() => RegisterTypesAsync(stopping), CancellationToken.None);
            while (!stopping.IsCancellationRequested)
            {
                // Checks are due on a timer; actions arrive with the Applied nudge.
                await _wake.WaitAsync(TimeSpan.FromMilliseconds(100), stopping);
                try
                {
                    if (!await HoldsLeaseAsync(stopping) || !engine.IsCaughtUp)
                    {
                        continue;
                    }

                    await AdoptIfRestartedAsync(stopping);
                    await ReleaseLeftoversAsync(stopping);
                    await DispatchActionsAsync(stopping);
                    await ScheduleChecksAsync(stopping);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
                {
                    Log.RuntimeFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        finally
        {
            engine.Applied -= Nudge;
            if (_registering is not null)
            {
                await _registering;
            }
        }
    }

    /// <summary>A kit action on this node for one resource (the resource's tag is its id).</summary>
    private KitActionRequest Request(string tag, string type, Vigil.Engine.Model.KitAction action, IReadOnlyDictionary<string, string> parameters) => new()
    {
        Type = type,
        Action = KitTypeMapper.ToSdk(action),
        Tag = tag,
        Id = tag,
        Node = config.LocalNode,
        Parameters = parameters,
    };

    /// <summary>Reports <paramref name="input"/> until it is committed, or until <paramref name="stillWanted"/> says it no longer matters.</summary>
    private async Task<bool> ReportAsync(IEngineInput input, Func<Task<bool>> stillWanted, CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            var started = time.GetTimestamp();
            var result = await engine.SubmitAsync(input, SubmitDeadline, stopping);
            if (result.IsCommitted)
            {
                Log.ReportCommitted(logger, input.GetType().Name, result.LeaderName ?? "(none)", time.GetElapsedTime(started).TotalMilliseconds);
                return true;
            }

            Log.ReportRetry(logger, input.GetType().Name, result.Outcome.ToString(), result.LeaderName ?? "(none)");
            if (!await stillWanted())
            {
                return false;
            }
        }

        return false;
    }
}
