using Vigil.Plugins.Abstractions;

namespace Vigil.Kits.Dns;

/// <summary>
/// Type <c>dns</c>: restore points the record at this node's address (RFC 2136 update signed with TSIG, via nsupdate)
/// and checks the server answers it; quickCheck asks the server (dig) and compares; recover updates again; remove
/// leaves the record for the next owner to replace (or deletes it while it is still ours, with <c>removeRecord</c>).
/// </summary>
public sealed partial class DnsResourceType : ResourceType
{
    private static readonly string[] ConfigurationRcodes = ["NOTAUTH(BADSIG)", "NOTAUTH(BADKEY)", "NOTAUTH", "REFUSED"];

    /// <inheritdoc/>
    public override ResourceTypeDefinition Definition { get; } = DnsDefinition.Create();

    /// <inheritdoc/>
    public override Task<ActionResult> RestoreAsync(ActionContext context) => UpdateAsync(context);

    /// <summary>Local recovery: the same update again (the record was changed or lost behind our back).</summary>
    /// <param name="context">The action's context.</param>
    /// <returns>The result.</returns>
    public override Task<ActionResult> RecoverAsync(ActionContext context) => UpdateAsync(context);

    /// <inheritdoc/>
    public override async Task<ActionResult> RemoveAsync(ActionContext context)
    {
        // Without removeRecord nothing but the marker is touched: remove then needs neither the tools nor an address.
        var (settings, failure) = Parse(context);
        if (settings is null)
        {
            return failure!;
        }

        if (settings.RemoveRecord)
        {
            var (ready, problem) = Prepare(settings, context, needSecret: true);
            if (ready is null)
            {
                return problem!;
            }

            var deleted = await NsUpdate.DeleteIfOursAsync(settings, ready.Secret!, ready.Address, context.Timeout, context.CancellationToken);
            if (deleted.Outcome == DnsUpdateOutcome.Done)
            {
                DnsLog.Deleted(context.Logger, settings.Describe(), ready.Address);
            }
            else if (deleted.Rcode != "NXRRSET")
            {
                return UpdateFailure(context, settings, deleted, "delete");
            }
        }

        DnsMarker.Delete(settings, context.Tag);
        return ActionResult.Success();
    }

    /// <inheritdoc/>
    public override async Task<ActionResult> QuickCheckAsync(ActionContext context)
    {
        var (settings, failure) = Parse(context);
        if (settings is null)
        {
            return ActionResult.Unhealthy(failure!.ExitReason) with { ConfigurationError = true };
        }

        // The marker first: a backup is "not running" even when it lacks the tools or an address.
        if (!DnsMarker.Exists(settings, context.Tag))
        {
            return ActionResult.NotRunning($"{settings.Name} {settings.RecordType} is not in service on node '{context.Node}' (no {DnsMarker.PathFor(settings, context.Tag)})");
        }

        var (ready, problem) = Prepare(settings, context, needSecret: false);
        if (ready is null)
        {
            return ActionResult.Unhealthy(problem!.ExitReason) with { ConfigurationError = true };
        }

        var answer = await DigQuery.AskAsync(settings, context.Timeout, context.CancellationToken);
        return answer switch
        {
            { Status: null } => ActionResult.Degraded($"cannot verify {settings.Describe()}: {answer.Problem}"),
            { Status: not ("NOERROR" or "NXDOMAIN") } => ActionResult.Degraded($"cannot verify {settings.Describe()}: the server answers {answer.Status}"),
            _ when answer.Addresses.Count == 1 && answer.Addresses[0].Equals(ready.Address) => ActionResult.Healthy(),
            _ => ActionResult.Unhealthy($"{settings.Describe()} holds {answer.Shown} ({answer.Status}), not this node's {ready.Address}"),
        };
    }

    /// <inheritdoc/>
    public override Task<ActionResult> ValidateAsync(ActionContext context)
    {
        var (ready, failure) = Prepare(context, needSecret: true);
        return Task.FromResult(ready is null ? failure! : ActionResult.Success());
    }

    /// <summary>A node can be a backup when it has an address for the record, the secret and the tools.</summary>
    /// <param name="context">The action's context.</param>
    /// <returns>The result.</returns>
    public override Task<ActionResult> CanExtendAsync(ActionContext context) => ValidateAsync(context);

    private async Task<ActionResult> UpdateAsync(ActionContext context)
    {
        var (ready, failure) = Prepare(context, needSecret: true);
        if (ready is null)
        {
            return failure!;
        }

        var settings = ready.Settings;
        var update = await NsUpdate.ReplaceAsync(settings, ready.Secret!, ready.Address, context.Timeout, context.CancellationToken);
        if (update.Outcome != DnsUpdateOutcome.Done)
        {
            return UpdateFailure(context, settings, update, "update");
        }

        // The server that took the update answers for the zone: it must answer the new address now.
        var answer = await DigQuery.AskAsync(settings, TimeSpan.FromSeconds(5), context.CancellationToken);
        if (answer.Addresses.Count != 1 || !answer.Addresses[0].Equals(ready.Address))
        {
            return ActionResult.Failure($"{settings.Describe()} took the update to {ready.Address} but answers {(answer.Status is null ? answer.Problem : answer.Shown)}");
        }

        DnsMarker.Write(settings, context.Tag, ready.Address.ToString());
        DnsLog.Updated(context.Logger, settings.Describe(), ready.Address);
        return ActionResult.Success($"{settings.Name} {settings.RecordType} {ready.Address}");
    }

    private static ActionResult UpdateFailure(ActionContext context, DnsSettings settings, DnsUpdateResult result, string what)
    {
        switch (result.Outcome)
        {
            case DnsUpdateOutcome.Refused:
                DnsLog.Refused(context.Logger, settings.Describe(), result.Rcode!);
                var reason = $"DNS {what} of {settings.Describe()} refused by the server: {result.Rcode} ({result.Hint()})";
                return ConfigurationRcodes.Contains(result.Rcode) ? ActionResult.ConfigurationFailure(reason) : ActionResult.Failure(reason);
            case DnsUpdateOutcome.TimedOut:
                return ActionResult.TimedOut($"DNS {what} of {settings.Describe()} got no answer within {context.Timeout.TotalSeconds:0.#} s; nsupdate was killed");
            default:
                return ActionResult.Failure($"DNS {what} of {settings.Describe()} failed: {result.Output}");
        }
    }
}
