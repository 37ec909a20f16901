using System.Diagnostics.CodeAnalysis;
using Vigil.Plugins.Abstractions;

namespace Vigil.Kits.Ip;

/// <summary>
/// Type <c>ip</c>: restore = duplicate address detection, <c>ip addr add</c>, gratuitous ARP; remove =
/// <c>ip addr del</c>; quickCheck = address present on a link that is up (and a ping target answers);
/// recover = re-add on the same interface, else move to the first backup interface whose link is up, else fail.
/// </summary>
public sealed partial class IpResourceType : ResourceType
{
    private readonly IpCommands _commands;

    /// <summary>The type as the kit host creates it.</summary>
    public IpResourceType()
        : this(IpCommands.Direct)
    {
    }

    internal IpResourceType(IpCommands commands) => _commands = commands;

    /// <inheritdoc/>
    public override ResourceTypeDefinition Definition { get; } = IpDefinition.Create();

    /// <inheritdoc/>
    public override async Task<ActionResult> RestoreAsync(ActionContext context)
    {
        if (!TryStart(context, out var settings, out var operations, out var invalid))
        {
            return invalid;
        }

        var (state, error) = await operations.ReadAsync().ConfigureAwait(false);
        if (state is null)
        {
            return ActionResult.Failure(error);
        }

        var held = state.Holders(settings.Address);
        if (held.Count > 0 && state.Link(held[0].Interface) is { IsUp: true })
        {
            // Already in service here: a retried restore must not disturb it (no delete, no re-announce).
            return ActionResult.Success($"{settings.Address} is already on {held[0].Interface}");
        }

        if (settings.Interfaces.FirstOrDefault(name => state.Link(name) is { IsUp: true }) is not { } device)
        {
            return ActionResult.Failure($"cannot restore {settings.Address}: no interface has a usable link ({string.Join("; ", settings.Interfaces.Select(state.Describe))})");
        }

        // Held only on a dead link (a previous life of this node): take it from there to the usable one.
        if (held.Count > 0 && await operations.DeleteAsync(state).ConfigureAwait(false) is { } stuck)
        {
            return ActionResult.Failure(stuck);
        }

        if (await operations.AddAsync(device, probe: held.Count == 0).ConfigureAwait(false) is { } failed)
        {
            return ActionResult.Failure(failed);
        }

        var note = device == settings.Interface ? "" : $" (backup interface: {state.Describe(settings.Interface)})";
        return ActionResult.Success($"{settings.Cidr} added on {device}{note}");
    }

    /// <inheritdoc/>
    public override async Task<ActionResult> RemoveAsync(ActionContext context)
    {
        if (!TryStart(context, out var settings, out var operations, out var invalid))
        {
            return invalid;
        }

        var (state, error) = await operations.ReadAsync().ConfigureAwait(false);
        if (state is null)
        {
            return ActionResult.Failure(error);
        }

        var held = state.Holders(settings.Address);
        if (await operations.DeleteAsync(state).ConfigureAwait(false) is { } failed)
        {
            return ActionResult.Failure(failed);
        }

        return ActionResult.Success(held.Count == 0
            ? $"{settings.Address} was not configured on this node"
            : $"{settings.Address} deleted from {string.Join(", ", held.Select(h => h.Interface))}");
    }

    /// <inheritdoc/>
    public override async Task<ActionResult> QuickCheckAsync(ActionContext context)
    {
        if (!TryStart(context, out _, out var operations, out var invalid))
        {
            return invalid;
        }

        var (state, error) = await operations.ReadAsync().ConfigureAwait(false);
        if (state is null)
        {
            return ActionResult.Unhealthy(error);
        }

        return await operations.CheckAsync(state).ConfigureAwait(false) switch
        {
            null => ActionResult.Healthy(),
            (true, var reason) => ActionResult.NotRunning(reason),
            (false, var reason) => ActionResult.Unhealthy(reason),
        };
    }

    /// <summary>Parses the parameters and makes the action's operations; a configuration failure when they are wrong.</summary>
    private bool TryStart(
        ActionContext context,
        [NotNullWhen(true)] out IpSettings? settings,
        [NotNullWhen(true)] out IpOperations? operations,
        [NotNullWhen(false)] out ActionResult? invalid)
    {
        ArgumentNullException.ThrowIfNull(context);
        var errors = new List<string>();
        settings = IpSettings.Parse(context.Parameters, errors);
        operations = settings is null ? null : new IpOperations(_commands, settings, context.Logger, context.CancellationToken);
        invalid = settings is null ? ActionResult.ConfigurationFailure(string.Join("; ", errors)) : null;
        return settings is not null && operations is not null;
    }
}
