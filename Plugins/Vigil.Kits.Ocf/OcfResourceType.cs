using System.Collections.Concurrent;
using Vigil.Kits.Shared;
using Vigil.Plugins.Abstractions;

namespace Vigil.Kits.Ocf;

/// <summary>
/// Type <c>ocf</c>: restore = start, remove = stop, quickCheck = monitor, deepCheck = monitor with
/// OCF_CHECK_LEVEL=20, recover = stop then start, validate = schema from meta-data + validate-all.
/// </summary>
public sealed class OcfResourceType : ResourceType
{
    private readonly ConcurrentDictionary<string, ResourceTypeDefinition> _metadata = new(StringComparer.Ordinal);

    /// <inheritdoc/>
    public override ResourceTypeDefinition Definition { get; } = OcfDefinition.Create();

    /// <inheritdoc/>
    public override Task<ActionResult> RestoreAsync(ActionContext context) => RunAsync(context, "start");

    /// <inheritdoc/>
    public override Task<ActionResult> RemoveAsync(ActionContext context) => RunAsync(context, "stop");

    /// <inheritdoc/>
    public override Task<ActionResult> QuickCheckAsync(ActionContext context) => RunAsync(context, "monitor");

    /// <inheritdoc/>
    public override Task<ActionResult> DeepCheckAsync(ActionContext context) => RunAsync(context, "monitor", checkLevel: 20);

    /// <inheritdoc/>
    public override async Task<ActionResult> RecoverAsync(ActionContext context)
    {
        var stop = await RunAsync(context, "stop").ConfigureAwait(false);
        return stop.Succeeded ? await RunAsync(context, "start").ConfigureAwait(false) : stop;
    }

    /// <inheritdoc/>
    public override async Task<ActionResult> ValidateAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        ResourceTypeDefinition described;
        try
        {
            described = await DescribeAsync(context.Parameters, context.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException or System.Xml.XmlException)
        {
            return ActionResult.ConfigurationFailure(ex.Message);
        }

        var errors = described.Validate(context.Parameters);
        return errors.Count > 0 ? ActionResult.ConfigurationFailure(string.Join("; ", errors)) : await RunAsync(context, "validate-all").ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public override Task<ActionResult> CanExtendAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var problem = OcfAgent.From(context.Parameters).InstallProblem();
            return Task.FromResult(problem is null ? ActionResult.Success() : ActionResult.ConfigurationFailure(problem));
        }
        catch (ArgumentException ex)
        {
            return Task.FromResult(ActionResult.ConfigurationFailure(ex.Message));
        }
    }

    /// <summary>The definition of one agent, read from its meta-data (cached per agent path).</summary>
    /// <param name="parameters">Must contain <c>agent</c>.</param>
    /// <param name="cancellationToken">Cancels running meta-data.</param>
    /// <returns>The agent's schema and timeouts.</returns>
    public override async Task<ResourceTypeDefinition> DescribeAsync(IReadOnlyDictionary<string, string> parameters, CancellationToken cancellationToken)
    {
        var agent = OcfAgent.From(Definition.ApplyDefaults(parameters));
        if (_metadata.TryGetValue(agent.Path, out var cached))
        {
            return cached;
        }

        if (agent.InstallProblem() is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        var invocation = new ScriptInvocation(agent.Path, ["meta-data"], new Dictionary<string, string>
        {
            ["OCF_ROOT"] = agent.OcfRoot,
            ["OCF_FUNCTIONS_DIR"] = Path.Combine(agent.OcfRoot, "lib", "heartbeat"),
            // Markers: a default the agent derives from the instance or HA_RSCTMP is the agent's business, not a value to apply.
            ["OCF_RESOURCE_INSTANCE"] = OcfMetadata.Marker,
            ["HA_RSCTMP"] = "/" + OcfMetadata.Marker,
        }) { TailCharacters = 1 << 20 };
        var result = await ScriptRunner.RunAsync(invocation, timeout.Token).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"{agent.Name} meta-data failed (exit {result.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "killed"}): {result.Summary()}");
        }

        var definition = OcfMetadata.Parse(result.Output, agent);
        _metadata[agent.Path] = definition;
        return definition;
    }

    private static async Task<ActionResult> RunAsync(ActionContext context, string ocfAction, int checkLevel = 0)
    {
        ArgumentNullException.ThrowIfNull(context);
        OcfAgent agent;
        try
        {
            agent = OcfAgent.From(context.Parameters);
        }
        catch (ArgumentException ex)
        {
            return ActionResult.ConfigurationFailure(ex.Message);
        }

        if (agent.InstallProblem() is { } problem)
        {
            // A missing agent on a backup is "not running here", not a reason to fail over in a loop.
            return ocfAction switch
            {
                "stop" => ActionResult.Success(problem),
                "monitor" => ActionResult.NotRunning(problem) with { ConfigurationError = true },
                _ => ActionResult.ConfigurationFailure(problem),
            };
        }

        var result = await agent.RunAsync(ocfAction, context, checkLevel, context.CancellationToken).ConfigureAwait(false);
        return OcfResults.Map(ocfAction, agent.Name, result, context.Timeout);
    }
}
