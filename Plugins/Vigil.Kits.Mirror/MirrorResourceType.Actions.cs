using Vigil.Plugins.Abstractions;
using Vigil.ReplicationDriver.Client;

namespace Vigil.Kits.Mirror;

/// <summary>restore, remove and the checks.</summary>
public sealed partial class MirrorResourceType
{
    private static readonly TimeSpan LingeringPrimary = TimeSpan.FromSeconds(15);

    private static async Task<ActionResult> PromoteAsync(MirrorSettings settings, LocalRepd repd, ActionContext context)
    {
        var token = context.CancellationToken;
        var status = await repd.EnsureAsync(settings, context.Node, token);
        if (status.Role != MirrorRole.Primary)
        {
            if (PromotionGate.Refusal(status, repd.OutdateMark(settings.Mirror, context.Node)) is { } refusal)
            {
                return ActionResult.Failure(refusal);
            }

            // A crashed primary's link lingers until it has been silent for the driver's link timeout (6 s): the
            // driver refuses while it still sees a primary, so wait for that (bounded by the action's time).
            var linger = DateTime.UtcNow + LingeringPrimary;
            while (true)
            {
                try
                {
                    status = await repd.Client.PromoteAsync(settings.Mirror, force: false, token);
                    break;
                }
                catch (ControlException e) when (e.Message.Contains("connected to primary", StringComparison.Ordinal) && DateTime.UtcNow < linger)
                {
                    await Task.Delay(200, token);
                }
                catch (ControlException e)
                {
                    return ActionResult.Failure($"vigil-repd refused to promote {settings.Mirror}: {e.Message}");
                }
            }

            MirrorLog.Promoted(context.Logger, settings.Mirror, Describe(status));
        }

        if (settings.Device is { } device)
        {
            var attach = new NbdAttach(repd.AttachDirectory(settings.Mirror), repd.ExportSocket(settings.Mirror), device);
            if (await attach.AttachAsync(token) is { } problem)
            {
                return ActionResult.Failure(problem);
            }
        }

        return ActionResult.Success($"{settings.Mirror} primary on {context.Node}" + (status.Suspended ? " (writes suspended until the lost target is outdated)" : string.Empty));
    }

    private static async Task<ActionResult> DemoteAsync(MirrorSettings settings, LocalRepd repd, ActionContext context)
    {
        var token = context.CancellationToken;
        var status = await repd.StatusAsync(settings.Mirror, token);
        if (status is { Role: MirrorRole.Primary, Suspended: true })
        {
            // A sync primary whose target is lost holds the device's writes (never acknowledged) until it is outdated,
            // which a node cut off in a minority never sees: nothing under the device drains, so detach would wait
            // forever for nbdfuse. Demote first: the driver fails those writes and the chain can come down.
            try
            {
                await repd.Client.DemoteAsync(settings.Mirror, token);
            }
            catch (ControlException e)
            {
                return ActionResult.Failure($"vigil-repd refused to demote {settings.Mirror} (writes suspended): {e.Message}");
            }
        }

        if (settings.Device is { } device)
        {
            await new NbdAttach(repd.AttachDirectory(settings.Mirror), repd.ExportSocket(settings.Mirror), device).DetachAsync(token);
        }

        status = await repd.StatusAsync(settings.Mirror, token);
        if (status is null || status.Role == MirrorRole.Secondary)
        {
            return ActionResult.Success($"{settings.Mirror} is not primary on {context.Node}");
        }

        try
        {
            await repd.Client.DemoteAsync(settings.Mirror, token);
        }
        catch (ControlException e)
        {
            return ActionResult.Failure($"vigil-repd refused to demote {settings.Mirror}: {e.Message}");
        }

        MirrorLog.Demoted(context.Logger, settings.Mirror);
        return ActionResult.Success($"{settings.Mirror} demoted on {context.Node}");
    }

    private static async Task<ActionResult> CheckAsync(MirrorSettings settings, LocalRepd repd, ActionContext context)
    {
        var status = await repd.StatusAsync(settings.Mirror, context.CancellationToken);
        if (status is null || status.Role != MirrorRole.Primary)
        {
            return ActionResult.NotRunning($"{settings.Mirror} is not primary on {context.Node}");
        }

        if (await ExportProblemAsync(settings, repd, context.CancellationToken) is { } problem)
        {
            return ActionResult.Unhealthy(problem);
        }

        if (status.SplitBrain)
        {
            return ActionResult.Degraded($"{settings.Mirror} is split-brained: {Describe(status)}");
        }

        if (status.Suspended)
        {
            return ActionResult.Degraded($"{settings.Mirror}: writes suspended until a lost sync target is outdated ({Describe(status)})");
        }

        return status.Peers.All(p => p.State == PeerLinkState.Mirroring)
            ? ActionResult.Healthy($"{settings.Mirror} mirroring: {Describe(status)}")
            : ActionResult.Degraded($"{settings.Mirror} in service, not fully protected: {Describe(status)}");
    }

    /// <summary>Parses the parameters, finds the driver, runs the action; the token firing becomes a timed-out result.</summary>
    private async Task<ActionResult> GuardAsync(ActionContext context, Func<MirrorSettings, LocalRepd, ActionContext, Task<ActionResult>> action)
    {
        ArgumentNullException.ThrowIfNull(context);
        var check = context.Action is KitAction.QuickCheck or KitAction.DeepCheck;
        var (settings, errors) = MirrorSettings.Parse(Definition, context.Parameters);
        var (repd, missing) = LocalRepd.Find(context.Node);
        if (settings is null || repd is null)
        {
            var reason = settings is null ? string.Join("; ", errors) : missing!;
            return check ? ActionResult.Unhealthy(reason) with { ConfigurationError = true } : ActionResult.ConfigurationFailure(reason);
        }

        try
        {
            return await action(settings, repd, context);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            return ActionResult.TimedOut($"{context.Action} of mirror {settings.Mirror} did not finish within {context.Timeout.TotalSeconds:0.#} s");
        }
        catch (Exception e) when (e is ControlException or System.Net.Sockets.SocketException or IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            var reason = $"{context.Action} of mirror {settings.Mirror}: {e.Message}";
            return check ? ActionResult.Unhealthy(reason) : ActionResult.Failure(reason);
        }
    }
}
