namespace Vigil.Plugins.Abstractions;

/// <summary>
/// A resource type: its definition and its actions. Derive from it and implement at least
/// restore, remove and quickCheck. Every action must honour <see cref="ActionContext.CancellationToken"/>
/// and return a failure with an exit reason rather than throw (the host turns exceptions into
/// <see cref="ActionOutcome.KitFailed"/>).
/// </summary>
public abstract class ResourceType
{
    /// <summary>The type's definition (name, parameter schema, timeouts).</summary>
    public abstract ResourceTypeDefinition Definition { get; }

    /// <summary>Brings the resource in service; must not disturb an already running instance.</summary>
    /// <param name="context">The action's context.</param>
    /// <returns>The result.</returns>
    public abstract Task<ActionResult> RestoreAsync(ActionContext context);

    /// <summary>Takes the resource out of service; succeeds when it is already stopped.</summary>
    /// <param name="context">The action's context.</param>
    /// <returns>The result.</returns>
    public abstract Task<ActionResult> RemoveAsync(ActionContext context);

    /// <summary>A cheap health check; report <see cref="CheckState"/> through the result.</summary>
    /// <param name="context">The action's context.</param>
    /// <returns>The result.</returns>
    public abstract Task<ActionResult> QuickCheckAsync(ActionContext context);

    /// <summary>A thorough health check. Defaults to <see cref="QuickCheckAsync"/>.</summary>
    /// <param name="context">The action's context.</param>
    /// <returns>The result.</returns>
    public virtual Task<ActionResult> DeepCheckAsync(ActionContext context) => QuickCheckAsync(context);

    /// <summary>Local recovery in place. Defaults to a failure, so the hierarchy fails over.</summary>
    /// <param name="context">The action's context.</param>
    /// <returns>The result.</returns>
    public virtual Task<ActionResult> RecoverAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult(ActionResult.Failure($"type '{Definition.Name}' has no local recovery"));
    }

    /// <summary>Checks the parameters. Defaults to the schema check of <see cref="ResourceTypeDefinition.Validate"/>.</summary>
    /// <param name="context">The action's context.</param>
    /// <returns>The result; a configuration failure when invalid.</returns>
    public virtual Task<ActionResult> ValidateAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var errors = Definition.Validate(context.Parameters);
        return Task.FromResult(errors.Count == 0 ? ActionResult.Success() : ActionResult.ConfigurationFailure(string.Join("; ", errors)));
    }

    /// <summary>Whether the resource can be extended to this node. Defaults to yes.</summary>
    /// <param name="context">The action's context.</param>
    /// <returns>The result.</returns>
    public virtual Task<ActionResult> CanExtendAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult(ActionResult.Success());
    }

    /// <summary>
    /// The definition for one instance, when it depends on the parameters (the OCF kit reads the
    /// agent's meta-data). Defaults to <see cref="Definition"/>.
    /// </summary>
    /// <param name="parameters">The instance's parameters.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The definition.</returns>
    public virtual Task<ResourceTypeDefinition> DescribeAsync(IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken) =>
        Task.FromResult(Definition);

    /// <summary>Dispatches <see cref="ActionContext.Action"/> to the matching method.</summary>
    /// <param name="context">The action's context.</param>
    /// <returns>The result.</returns>
    public Task<ActionResult> RunAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Action switch
        {
            KitAction.Restore => RestoreAsync(context),
            KitAction.Remove => RemoveAsync(context),
            KitAction.QuickCheck => QuickCheckAsync(context),
            KitAction.DeepCheck => DeepCheckAsync(context),
            KitAction.Recover => RecoverAsync(context),
            KitAction.Validate => ValidateAsync(context),
            KitAction.CanExtend => CanExtendAsync(context),
            _ => Task.FromResult(ActionResult.Failure($"unknown action {context.Action}")),
        };
    }
}
