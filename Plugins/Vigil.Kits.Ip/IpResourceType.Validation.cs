using Vigil.Plugins.Abstractions;

namespace Vigil.Kits.Ip;

/// <summary>validate (schema, semantics, tools installed) and canExtend (that, plus the interfaces exist here).</summary>
public sealed partial class IpResourceType
{
    /// <inheritdoc/>
    public override async Task<ActionResult> ValidateAsync(ActionContext context)
    {
        var schema = await base.ValidateAsync(context).ConfigureAwait(false);
        if (!schema.Succeeded)
        {
            return schema;
        }

        if (!TryStart(context, out var settings, out _, out var invalid))
        {
            return invalid;
        }

        var tools = settings.PingTargets.Count > 0 ? new[] { "ip", "arping", "ping" } : ["ip", "arping"];
        var missing = tools.Where(tool => IpCommands.Find(tool) is null).Select(tool => $"{tool} is not installed (Debian package {IpCommands.Packages[tool]})").ToList();
        return missing.Count == 0 ? ActionResult.Success() : ActionResult.ConfigurationFailure(string.Join("; ", missing));
    }

    /// <inheritdoc/>
    public override async Task<ActionResult> CanExtendAsync(ActionContext context)
    {
        var valid = await ValidateAsync(context).ConfigureAwait(false);
        if (!valid.Succeeded || !TryStart(context, out var settings, out var operations, out _))
        {
            return valid;
        }

        var (state, error) = await operations.ReadAsync().ConfigureAwait(false);
        if (state is null)
        {
            return ActionResult.Failure(error);
        }

        var absent = settings.Interfaces.Where(name => state.Link(name) is null).ToList();
        return absent.Count == 0
            ? ActionResult.Success()
            : ActionResult.ConfigurationFailure($"this node has no interface {string.Join(", ", absent)} (parameters '{IpDefinition.Interface}'/'{IpDefinition.BackupInterfaces}')");
    }
}
