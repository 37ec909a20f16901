using System.Globalization;
using Microsoft.Extensions.Logging;
using Vigil.Plugins.Abstractions;

namespace MyKit;

/// <summary>
/// A sample resource type: "in service" means a marker file exists. Replace the bodies with your
/// service's start/stop/check; keep the contract the conformance tests check.
/// </summary>
public sealed class SampleResourceType : ResourceType
{
    /// <inheritdoc/>
    public override ResourceTypeDefinition Definition { get; } = new()
    {
        Name = "KIT_TYPE_PLACEHOLDER",
        Description = "Sample kit: a marker file per resource stands for the protected service.",
        Parameters =
        [
            new ParameterDefinition { Name = "stateDir", Type = ParameterType.Path, Default = "/run/KIT_TYPE_PLACEHOLDER", Description = "where marker files live" },
            new ParameterDefinition { Name = "startDelayMs", Type = ParameterType.Int, Default = "0", Minimum = 0, Maximum = 3_600_000, Description = "how long restore takes (to see timeouts at work)" },
        ],
        Timeouts = new ActionTimeouts { Restore = TimeSpan.FromSeconds(30), QuickCheck = TimeSpan.FromSeconds(5) },
    };

    /// <inheritdoc/>
    public override async Task<ActionResult> RestoreAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var marker = Marker(context);
        if (File.Exists(marker))
        {
            return ActionResult.Success("already in service; left alone");
        }

        try
        {
            // Long work must honour the token: it fires on timeout.
            await Task.Delay(int.Parse(context.Parameters["startDelayMs"], CultureInfo.InvariantCulture), context.CancellationToken);
        }
        catch (OperationCanceledException)
        {
            return ActionResult.TimedOut($"restore of '{context.Tag}' did not finish within {context.Timeout.TotalSeconds:0.#} s");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(marker)!);
        await File.WriteAllTextAsync(marker, context.Node, CancellationToken.None);
        context.Logger.LogInformation("restored {Tag}", context.Tag);
        return ActionResult.Success();
    }

    /// <inheritdoc/>
    public override Task<ActionResult> RemoveAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        File.Delete(Marker(context));
        return Task.FromResult(ActionResult.Success());
    }

    /// <inheritdoc/>
    public override Task<ActionResult> QuickCheckAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Task.FromResult(File.Exists(Marker(context))
            ? ActionResult.Healthy()
            : ActionResult.NotRunning($"'{context.Tag}' is not in service (no {Marker(context)})"));
    }

    private static string Marker(ActionContext context) => Path.Combine(context.Parameters["stateDir"], context.Tag + ".running");
}
